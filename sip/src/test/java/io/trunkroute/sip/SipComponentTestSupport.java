package io.trunkroute.sip;

import io.trunkroute.testpeers.FreePorts;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;

/** A Camel test whose context has the {@code sip} component listening on a free loopback port. */
abstract class SipComponentTestSupport extends CamelTestSupport {

    /** The port the component's stack listens on, UDP and TCP. */
    protected final int sipPort = FreePorts.udpAndTcp();

    /**
     * Sends {@code text} from {@code socket} to the component's port and returns the datagram that
     * comes back within the socket's timeout, whole, or "(no answer)".
     */
    protected String exchangeOver(DatagramSocket socket, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
        byte[] buf = new byte[65_535];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(in);
        } catch (SocketTimeoutException e) {
            return "(no answer)";
        }
        return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        SipComponent sip = new SipComponent();
        sip.setPort(sipPort);
        configureSip(sip);
        context.addComponent("sip", sip);
        return context;
    }

    /** Options a test sets on the component before its context starts; none by default. */
    protected void configureSip(SipComponent sip) {
    }
}
