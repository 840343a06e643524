package io.weft.examples.docs;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.Weft;

/** The code sample of docs/backends.md (see {@code DocSamples}); {@code BackendsPageTest}. */
public final class BackendsPage {
    private BackendsPage() {}

    static void program() {
        System.out.println("running on " + Weft.currentBackend());
    }

    /** A runtime on the SERIAL backend. Call it outside any runtime. */
    public static void serial() {
        // region serial
        Weft.run(RunOptions.defaults().backend(Backend.SERIAL), () -> program());
        // endregion
    }
}
