package io.weft.internal.diag;

/**
 * How dumps and the {@code io.weft.LongWait} event name what a task waits on (the object its Weft
 * wait was called on, such as an {@code Event}): the class's simple name and the object's {@code
 * toString()}, taken when the dump is taken. Either may be user code (a subclass of {@code
 * CompletableFuture} awaited with {@code Futures.await}): a {@code toString()} that throws is shown
 * as {@code <toString threw X>}, so that a dump never fails on it.
 */
public final class WaitTarget {
    private WaitTarget() {}

    /**
     * The simple name of {@code o}'s class (the binary name's last part if it has none), or null.
     */
    public static String className(Object o) {
        if (o == null) {
            return null;
        }
        Class<?> c = o.getClass();
        String n = c.getSimpleName();
        if (n.isEmpty()) { // anonymous
            n = c.getName();
            n = n.substring(n.lastIndexOf('.') + 1);
        }
        return n;
    }

    /** {@code o.toString()}, or {@code <toString threw X>} if it throws; null for null. */
    public static String string(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return String.valueOf(o.toString());
        } catch (Throwable e) {
            // A diagnostic must not fail on a broken toString (one that recurses included); what
            // it threw is enough to see. The VM running out of memory is not the toString's.
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw e;
            }
            return "<toString threw " + e.getClass().getName() + ">";
        }
    }

    /** The text form of {@code o}: see {@link #text(String, String)}; null for null. */
    public static String describe(Object o) {
        return o == null ? null : text(className(o), string(o));
    }

    /**
     * The text form of a target whose class's simple name is {@code className} and whose {@code
     * toString()} is {@code string}: the two, unless the string already starts with a type name, as
     * Weft's own do ({@code Event[unset, waiting=1]}, {@code Task[3 'worker']}): then the string
     * alone.
     */
    public static String text(String className, String string) {
        if (string.startsWith(className) || namesItsType(string)) {
            return string;
        }
        return className + " " + string;
    }

    /** Whether {@code s} starts with a capitalised identifier followed by {@code [}. */
    private static boolean namesItsType(String s) {
        if (s.isEmpty() || !Character.isUpperCase(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                return true;
            }
            if (!Character.isJavaIdentifierPart(c)) {
                return false;
            }
        }
        return false;
    }
}
