import com.sun.tools.attach.VirtualMachine;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * scripts/weft-dump's program: attaches to JVM {@code args[0]}, starts its local management agent
 * and prints what operation {@code args[1]} of the MBean io.weft:type=Diagnostics returns.
 */
public class WeftDump {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = c.getMBeanServerConnection();
            ObjectName name = new ObjectName("io.weft:type=Diagnostics");
            if (!server.isRegistered(name)) {
                System.err.println(
                        "weft-dump: JVM "
                                + args[0]
                                + " has no Weft diagnostics MBean: no Weft runtime has started"
                                + " in it, or it runs with -Dweft.diagnostics.mbean=false");
                System.exit(1);
            }
            System.out.print(server.invoke(name, args[1], null, null));
        }
    }
}
