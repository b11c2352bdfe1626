package io.trunkroute.sip;

import io.trunkroute.sip.client.SipClient;
import io.trunkroute.sip.client.SipRequestFactory;
import io.trunkroute.sip.stack.SipNode;
import io.trunkroute.sip.stack.SipStackSettings;
import io.trunkroute.sip.stack.SipTransport;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code sip} component: one JAIN-SIP stack per component instance (= per node), started
 * with the component and stopped with it. Endpoints share the stack; options that shape the stack
 * (address, port, transports) live here, per-request options on {@link SipConfiguration}.
 * Set them as {@code camel.component.sip.port=5060} etc. in application.properties.
 */
@Component("sip")
public class SipComponent extends DefaultComponent {

    @Metadata(defaultValue = "127.0.0.1", description = "Address the stack binds to.")
    private String bindAddress = "127.0.0.1";
    @Metadata(defaultValue = "5060", description = "Port for every transport.")
    private int port = 5060;
    @Metadata(defaultValue = "udp,tcp", description = "Comma-separated transports to listen on: udp, tcp, tls.")
    private String transports = "udp,tcp";
    @Metadata(description = "Address written into Via and Contact; the bind address when empty.")
    private String advertisedAddress;
    @Metadata(defaultValue = "8", description = "Threads delivering SIP events.")
    private int threadPoolSize = 8;
    @Metadata(defaultValue = "65535", description = "Largest accepted message in bytes, on every transport (UDP"
            + " cannot carry more).")
    private int maxMessageSize = 65_535;
    @Metadata(defaultValue = "4194304", description = "Kernel receive buffer asked for on the UDP socket, in bytes."
            + " JAIN-SIP asks for 64 KB: about 60 datagrams, which a 30-ms GC pause at 1,000 calls/s overflows, and"
            + " every datagram the kernel drops comes back as a retransmission. Linux grants at most twice"
            + " net.core.rmem_max; the engine logs what it got.")
    private int udpReceiveBuffer = 4 << 20;
    @Metadata(defaultValue = "true", description = "Read the first line and the Via, From, To, Contact, Route, Record-Route,"
            + " Call-ID, CSeq, Max-Forwards, Content-Length and Content-Type headers of incoming messages without the RI's"
            + " lexer (the same objects, built directly); false leaves every line to the RI's parser.")
    private boolean fastPathParser = true;
    @Metadata(defaultValue = "400", description = "Milliseconds an INVITE or CANCEL received over UDP may wait for a"
            + " SIP worker; one that waited longer is dropped unparsed, as if lost, and its sender repeats it at T1"
            + " (500 ms). Responses and other requests are taken first. Keeps an overloaded node answering the"
            + " INVITEs it takes before they are repeated instead of parsing every repeat. Below T1 by what the"
            + " answer itself takes; shorter drops INVITEs that a passing backlog (a GC pause) would have let through,"
            + " and each drop costs its caller T1 or more. 0: no limit.")
    private long inviteMaxWait = 400;
    @Metadata(defaultValue = "true", description = "Send UDP datagrams from one sender thread instead of from each SIP"
            + " worker: the JDK sends on a socket under one lock, and a worker preempted while holding it stops every"
            + " other worker's sends (sip/README.md, \"Sending\"). false: each worker sends itself, as the RI does.")
    private boolean udpSendThread = true;
    @Metadata(defaultValue = "TrunkRoute", description = "User-Agent header value.")
    private String userAgent = "TrunkRoute";

    private SipNode node;
    private SipClient client;
    private SipRequestFactory requestFactory;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SipConfiguration configuration = new SipConfiguration();
        configuration.setName(remaining);
        SipEndpoint endpoint = new SipEndpoint(uri, this, configuration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** Builds the stack settings; package-private so tests can check the mapping. */
    SipStackSettings stackSettings() {
        EnumSet<SipTransport> set = Arrays.stream(transports.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(SipTransport::fromToken)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SipTransport.class)));
        return new SipStackSettings().bindAddress(bindAddress).port(port).transports(set)
                .advertisedAddress(advertisedAddress).threadPoolSize(threadPoolSize)
                .maxMessageSize(maxMessageSize).udpReceiveBuffer(udpReceiveBuffer).userAgent(userAgent)
                .fastPathParser(fastPathParser).inviteMaxWaitMillis(inviteMaxWait)
                .udpSendThread(udpSendThread);
    }

    /** Replaceable in tests: the style of camel-smpp's session factory. */
    protected SipNode createNode(SipStackSettings settings) {
        return new SipNode(settings);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        node = createNode(stackSettings());
        node.start();
        client = new SipClient(node);
        requestFactory = new SipRequestFactory(node);
    }

    @Override
    protected void doStop() throws Exception {
        if (node != null) {
            node.stop();
            node = null;
        }
        super.doStop();
    }

    /** The running stack, for modules that drive dialogs directly (the B2BUA). */
    public SipNode getNode() {
        if (node == null) {
            throw new IllegalStateException("sip component is not started");
        }
        return node;
    }

    SipClient client() {
        getNode();
        return client;
    }

    SipRequestFactory requestFactory() {
        getNode();
        return requestFactory;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getTransports() {
        return transports;
    }

    public void setTransports(String transports) {
        this.transports = transports;
    }

    public String getAdvertisedAddress() {
        return advertisedAddress;
    }

    public void setAdvertisedAddress(String advertisedAddress) {
        this.advertisedAddress = advertisedAddress;
    }

    public int getThreadPoolSize() {
        return threadPoolSize;
    }

    public void setThreadPoolSize(int threadPoolSize) {
        this.threadPoolSize = threadPoolSize;
    }

    public int getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public boolean isFastPathParser() {
        return fastPathParser;
    }

    public void setFastPathParser(boolean fastPathParser) {
        this.fastPathParser = fastPathParser;
    }

    public boolean isUdpSendThread() {
        return udpSendThread;
    }

    public void setUdpSendThread(boolean udpSendThread) {
        this.udpSendThread = udpSendThread;
    }

    public long getInviteMaxWait() {
        return inviteMaxWait;
    }

    public void setInviteMaxWait(long inviteMaxWait) {
        this.inviteMaxWait = inviteMaxWait;
    }

    public int getUdpReceiveBuffer() {
        return udpReceiveBuffer;
    }

    public void setUdpReceiveBuffer(int udpReceiveBuffer) {
        this.udpReceiveBuffer = udpReceiveBuffer;
    }

    public String getUserAgent() {
        return userAgent;
    }

    public void setUserAgent(String userAgent) {
        this.userAgent = userAgent;
    }
}
