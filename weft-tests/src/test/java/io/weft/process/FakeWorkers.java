package io.weft.process;

/** Main classes that a runtime can be made to start instead of a worker (see Workers.startWith). */
final class FakeWorkers {
    private FakeWorkers() {}

    /** Never answers READY. */
    static final class Silent {
        private Silent() {}

        /** Sleeps until killed. */
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Writes a line of text where READY should be. */
    static final class Chatty {
        private Chatty() {}

        /** Greets, then sleeps until killed. */
        public static void main(String[] args) throws InterruptedException {
            System.out.println("hello, I am not a worker");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Complains on its standard error and exits with status 3 at once. */
    static final class Failing {
        private Failing() {}

        /** Exits. */
        public static void main(String[] args) {
            System.err.println("failing worker: cannot work today");
            System.exit(3);
        }
    }
}
