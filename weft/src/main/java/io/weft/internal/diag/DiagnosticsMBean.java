package io.weft.internal.diag;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * The platform MBean {@value #NAME}: the task-tree dumps of {@code WeftDiagnostics} for any JMX
 * client (JConsole, VisualVM, {@code scripts/weft-dump}), so that a running program can be
 * inspected without changing its code.
 *
 * <p>Operations, each returning a {@code String}: {@code dumpTaskTree}, {@code
 * dumpTaskTreeWithStacks}, {@code dumpTaskTreeJson}. A dynamic MBean rather than a standard one, so
 * that its class can stay in a package Weft does not export.
 *
 * <p>{@link #registerOnce()} registers it the first time a runtime starts in the JVM, unless the
 * system property {@code weft.diagnostics.mbean} is {@code false}. Creating the platform MBean
 * server the first time costs about 150 to 200 ms on the project's machine, so the registration
 * runs on a daemon thread of its own ({@code weft-diagnostics-mbean}) that ends when it is done,
 * and no {@code Weft.run} waits for it. A failure to register is logged and otherwise ignored:
 * diagnostics must never stop a program.
 */
public final class DiagnosticsMBean implements DynamicMBean {
    /** The MBean's object name. */
    public static final String NAME = "io.weft:type=Diagnostics";

    private static final AtomicBoolean REGISTERED = new AtomicBoolean();
    private static final CountDownLatch ATTEMPTED = new CountDownLatch(1);

    private DiagnosticsMBean() {}

    /** Registers the MBean if this is the JVM's first call and nothing says not to; see above. */
    public static void registerOnce() {
        if (REGISTERED.get() || !REGISTERED.compareAndSet(false, true)) {
            return; // the loser of the CAS: another runtime registers it
        }
        if ("false".equals(System.getProperty("weft.diagnostics.mbean"))) {
            ATTEMPTED.countDown();
            return;
        }
        Thread.ofPlatform()
                .daemon()
                .name("weft-diagnostics-mbean")
                .start(DiagnosticsMBean::register);
    }

    private static void register() {
        try {
            ManagementFactory.getPlatformMBeanServer()
                    .registerMBean(new DiagnosticsMBean(), new ObjectName(NAME));
        } catch (InstanceAlreadyExistsException e) {
            // another copy of Weft (another class loader) registered first; it serves this JVM
        } catch (Exception | LinkageError e) {
            System.getLogger("io.weft")
                    .log(System.Logger.Level.WARNING, "could not register the MBean " + NAME, e);
        } finally {
            ATTEMPTED.countDown();
        }
    }

    /**
     * Waits until the registration that the JVM's first runtime started has been tried (for tests
     * that must not race it). Call it only once a runtime has started: before, nothing ends it.
     */
    public static void awaitRegistration() throws InterruptedException {
        ATTEMPTED.await();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature)
            throws ReflectionException {
        if (params != null && params.length > 0) {
            throw new ReflectionException(
                    new NoSuchMethodException(actionName + " takes no parameters"));
        }
        return switch (actionName) {
            case "dumpTaskTree" -> TaskTreeText.render(TaskTree.ofAll(false));
            case "dumpTaskTreeWithStacks" -> TaskTreeText.render(TaskTree.ofAll(true));
            case "dumpTaskTreeJson" -> TaskTreeJson.render(TaskTree.ofAll(false));
            default ->
                    throw new ReflectionException(
                            new NoSuchMethodException(
                                    "no operation "
                                            + actionName
                                            + " (dumpTaskTree, dumpTaskTreeWithStacks,"
                                            + " dumpTaskTreeJson)"));
        };
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return new MBeanInfo(
                DiagnosticsMBean.class.getName(),
                "Weft's task trees: every running Weft runtime of this JVM",
                null,
                null,
                new MBeanOperationInfo[] {
                    operation("dumpTaskTree", "every runtime's task tree as text"),
                    operation(
                            "dumpTaskTreeWithStacks",
                            "every runtime's task tree as text, with each task's stack"),
                    operation("dumpTaskTreeJson", "every runtime's task tree as JSON"),
                },
                null);
    }

    private static MBeanOperationInfo operation(String name, String description) {
        return new MBeanOperationInfo(
                name,
                description,
                new MBeanParameterInfo[0],
                String.class.getName(),
                MBeanOperationInfo.INFO);
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("no attributes; the dumps are operations");
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("no attributes; the dumps are operations");
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        return new AttributeList();
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }
}
