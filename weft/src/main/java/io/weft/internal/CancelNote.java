package io.weft.internal;

import io.weft.Cancelled;

/**
 * Who cancelled a {@link Scope} and why, made when the scope is first cancelled (most scopes never
 * are, so their {@code Scope} carries one reference instead of these fields). Published through the
 * scope's monitor and its volatile {@code cancelCalled}.
 */
final class CancelNote {
    /** The reason given to {@code cancel}, or null. */
    final String reason;

    /** Who cancelled: {@code "task 'name'"} or {@code "thread 'name'"}, or null (a deadline). */
    final String cancellerName;

    /** The cancel message, built at its first use (a racy publication of an immutable string). */
    String message;

    /** The cancellation the scope swallowed at its exit, if any; the owner's thread only. */
    Cancelled swallowed;

    CancelNote(String reason, String cancellerName) {
        this.reason = reason;
        this.cancellerName = cancellerName;
    }
}
