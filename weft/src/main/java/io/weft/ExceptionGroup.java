package io.weft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Several exceptions raised together: what a {@link TaskGroup} throws when its body or any of its
 * tasks failed (Python's {@code ExceptionGroup}, PEP 654).
 *
 * <p>A task group always throws a group, even for a single failure, so that callers handle one
 * shape. Members are in the order the failures happened; a member may itself be a group (a failing
 * nested task group). {@link Cancelled} is never a member.
 *
 * <pre>{@code
 * try {
 *     TaskGroup.run(tg -> { tg.startSoon(() -> parse(a)); tg.startSoon(() -> parse(b)); });
 * } catch (ExceptionGroup eg) {
 *     eg.except(IllegalArgumentException.class, bad -> log.warn("bad input: {}", bad.leaves()))
 *       .rethrow();                       // anything else propagates, still as a group
 * }
 * }</pre>
 *
 * <p>Each member is also recorded as a suppressed exception of the group, so every logger, IDE and
 * test runner that prints suppressed exceptions shows all of them.
 */
public class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String groupMessage;

    @SuppressWarnings("serial") // List.copyOf lists are serializable
    private final List<Throwable> exceptions;

    /**
     * Creates a group.
     *
     * @throws NullPointerException if {@code message}, {@code exceptions} or a member is null
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    @SuppressWarnings("this-escape") // addSuppressed is final in Throwable
    public ExceptionGroup(String message, Collection<? extends Throwable> exceptions) {
        super(
                Objects.requireNonNull(
                        message,
                        "message is null: an ExceptionGroup needs a message (\"\" for none)"));
        Objects.requireNonNull(exceptions, "exceptions");
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
        }
        for (Throwable t : exceptions) {
            Objects.requireNonNull(t, "an ExceptionGroup cannot hold a null exception");
        }
        this.groupMessage = message;
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    /** The message given to the constructor, without the member count. */
    public String message() {
        return groupMessage;
    }

    /** The message followed by the number of members, as Python prints it. */
    @Override
    public String getMessage() {
        int n = exceptions.size();
        return groupMessage + " (" + n + " sub-exception" + (n == 1 ? "" : "s") + ")";
    }

    /** The members, in order; unmodifiable. */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /** Every non-group exception in this group and its nested groups, depth first. */
    public List<Throwable> leaves() {
        List<Throwable> out = new ArrayList<>();
        collectLeaves(this, out);
        return out;
    }

    private static void collectLeaves(ExceptionGroup g, List<Throwable> out) {
        for (Throwable t : g.exceptions) {
            if (t instanceof ExceptionGroup inner) {
                collectLeaves(inner, out);
            } else {
                out.add(t);
            }
        }
    }

    /**
     * The result of {@link #split}: the matching part and the rest, either of which may be null.
     */
    public record Split(ExceptionGroup matched, ExceptionGroup rest) {}

    /**
     * Splits this group by {@code condition}, keeping the nesting: nested groups are split
     * recursively, and a group that matches as a whole goes to {@code matched} entire. The new
     * groups keep this group's message, cause and stack trace. Returns this group itself for a side
     * that holds everything.
     */
    public Split split(Predicate<? super Throwable> condition) {
        Objects.requireNonNull(condition, "condition");
        if (condition.test(this)) {
            return new Split(this, null);
        }
        List<Throwable> matched = new ArrayList<>();
        List<Throwable> rest = new ArrayList<>();
        for (Throwable t : exceptions) {
            if (t instanceof ExceptionGroup g) {
                Split s = g.split(condition);
                if (s.matched() != null) {
                    matched.add(s.matched());
                }
                if (s.rest() != null) {
                    rest.add(s.rest());
                }
            } else if (condition.test(t)) {
                matched.add(t);
            } else {
                rest.add(t);
            }
        }
        return new Split(part(matched, rest.isEmpty()), part(rest, matched.isEmpty()));
    }

    /**
     * {@link #split(Predicate)} by exception type: the members that are instances of {@code type}.
     * A group is matched as a whole only by a group type ({@code ExceptionGroup} or a subclass):
     * every group is a {@code RuntimeException} whatever it holds, so {@code
     * split(RuntimeException.class)} must look at the members, not at the group.
     */
    public Split split(Class<? extends Throwable> type) {
        Objects.requireNonNull(type, "type");
        if (ExceptionGroup.class.isAssignableFrom(type)) {
            return split(type::isInstance);
        }
        return split(t -> !(t instanceof ExceptionGroup) && type.isInstance(t));
    }

    /** The matching part of {@link #split(Predicate)}, or null if nothing matches. */
    public ExceptionGroup subgroup(Predicate<? super Throwable> condition) {
        return split(condition).matched();
    }

    /** The members of type {@code type}, keeping the nesting, or null if there are none. */
    public ExceptionGroup subgroup(Class<? extends Throwable> type) {
        return split(type).matched();
    }

    private ExceptionGroup part(List<Throwable> members, boolean whole) {
        if (members.isEmpty()) {
            return null;
        }
        if (whole) {
            return this;
        }
        ExceptionGroup g = derive(members);
        if (getCause() != null && g.getCause() == null) {
            g.initCause(getCause());
        }
        g.setStackTrace(getStackTrace());
        return g;
    }

    /**
     * A group like this one holding {@code members}; {@link #split} uses it. Subclasses override it
     * to keep their type.
     */
    protected ExceptionGroup derive(List<Throwable> members) {
        return new ExceptionGroup(groupMessage, members);
    }

    /**
     * Python's {@code except*}: runs {@code handler} with the members of type {@code type} (as a
     * group that keeps the nesting), if there are any, and returns what remains for further {@code
     * except} calls and a final {@link Remainder#rethrow()}.
     *
     * <p>If the handler throws, that exception propagates at once, with the still unhandled members
     * added to it as suppressed exceptions.
     */
    public <X extends Throwable> Remainder except(
            Class<? extends Throwable> type, Handler<X> handler) throws X {
        return new Remainder(this).except(type, handler);
    }

    /**
     * Unwraps groups that hold exactly one exception, recursively: returns that exception, or
     * {@code t} itself when it is not such a group (AnyIO's migration advice for code that wants a
     * single exception back).
     */
    public static Throwable collapse(Throwable t) {
        while (t instanceof ExceptionGroup g && g.exceptions.size() == 1) {
            t = g.exceptions.get(0);
        }
        return t;
    }

    /**
     * Handles the part of a group that {@link ExceptionGroup#except} matched.
     *
     * @param <X> what the handler may throw
     */
    @FunctionalInterface
    public interface Handler<X extends Throwable> {
        /** Handles {@code matched}. */
        void handle(ExceptionGroup matched) throws X;
    }

    /** What is left of a group after {@link ExceptionGroup#except} handled part of it. */
    public static final class Remainder {
        private ExceptionGroup remaining;

        Remainder(ExceptionGroup remaining) {
            this.remaining = remaining;
        }

        /** As {@link ExceptionGroup#except}, on what remains. */
        public <X extends Throwable> Remainder except(
                Class<? extends Throwable> type, Handler<X> handler) throws X {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(handler, "handler");
            if (remaining == null) {
                return this;
            }
            Split s = remaining.split(type);
            if (s.matched() != null) {
                remaining = s.rest();
                try {
                    handler.handle(s.matched());
                } catch (Throwable t) {
                    if (remaining != null) {
                        t.addSuppressed(remaining);
                    }
                    throw t;
                }
            }
            return this;
        }

        /** The exceptions no handler took, as a group keeping the original nesting. */
        public Optional<ExceptionGroup> remaining() {
            return Optional.ofNullable(remaining);
        }

        /** Throws what no handler took, if anything. */
        public void rethrow() {
            if (remaining != null) {
                throw remaining;
            }
        }
    }
}
