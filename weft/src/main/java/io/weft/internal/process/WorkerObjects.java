package io.weft.internal.process;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * Reading the objects that cross between a runtime and its worker JVMs, on both sides, through an
 * {@link ObjectInputFilter}.
 *
 * <p><b>What the filter admits, and why so much.</b> Any class the reading side can load: the
 * function, what it captured, its result and its exceptions are the application's own classes,
 * which is the point of {@code ToProcess}. The filter bounds only the shape of the stream: no array
 * longer than {@value #ARRAY_SLOTS_PER_BYTE} times the frame's bytes, and no more objects than the
 * frame has bytes, so a corrupt frame cannot make the reader allocate more than a small multiple of
 * what the frame holds. Why that multiple: the JDK's collections ask the filter about the tables
 * they allocate as about arrays, and a {@code HashSet} or {@code HashMap} with a load factor of
 * 0.25 has up to 8 slots per element (each at least a byte of the stream); one slot per byte
 * rejected such a set of short strings. If the JVM has a process-wide filter ({@code
 * jdk.serialFilter}), it applies as well (the two are merged: a class either rejects is rejected),
 * and the worker is started with the same property, so an application's own allow-list covers its
 * workers' traffic.
 *
 * <p><b>Why that is safe here, and only here.</b> Deserializing a stream can run code of any
 * serializable class on the class path; that is safe only for streams the program trusts as much as
 * itself. A worker's pipes are made by the runtime when it forks the worker and are inherited by no
 * other process; the worker runs the same code, as the same user, with the same class path.
 * Whatever it sends, it could do anyway. Never use this reading for a stream from a socket, a file
 * or any other process.
 *
 * <p>JDK classes only: the worker JVM uses this class too.
 */
final class WorkerObjects {
    private WorkerObjects() {}

    /**
     * The object serialized in {@code payload}, with classes resolved by {@code loader} first (the
     * loader of the caller's function on the runtime's side, the application class loader in the
     * worker).
     *
     * @throws IOException if the stream is corrupt or the filter rejects it
     * @throws ClassNotFoundException if a class of the stream cannot be loaded here
     */
    static Object read(byte[] payload, ClassLoader loader)
            throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new LoaderInput(new ByteArrayInputStream(payload), loader)) {
            in.setObjectInputFilter(filter(payload.length));
            return in.readObject();
        }
    }

    /** The filter for a frame of {@code bytes} bytes (see the class comment). */
    static ObjectInputFilter filter(long bytes) {
        return ObjectInputFilter.merge(
                new Shape(bytes), ObjectInputFilter.Config.getSerialFilter());
    }

    /** How many array elements (or table slots) the filter admits per byte of the frame. */
    static final int ARRAY_SLOTS_PER_BYTE = 8;

    /**
     * No array longer than {@link #ARRAY_SLOTS_PER_BYTE} times the frame's bytes, and no more
     * objects than the frame has bytes; classes are left to the JVM-wide filter. A class, not a
     * lambda: a worker's first lambda costs a bootstrap.
     */
    private static final class Shape implements ObjectInputFilter {
        private final long bytes;

        Shape(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.arrayLength() > ARRAY_SLOTS_PER_BYTE * bytes || info.references() > bytes) {
                return Status.REJECTED;
            }
            return Status.UNDECIDED;
        }
    }

    /** An object stream that resolves classes with a given loader before the default lookup. */
    private static final class LoaderInput extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderInput(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc)
                throws IOException, ClassNotFoundException {
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // A primitive type's name, or a class only the default lookup finds.
                }
            }
            return super.resolveClass(desc);
        }
    }
}
