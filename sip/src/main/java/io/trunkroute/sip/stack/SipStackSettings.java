package io.trunkroute.sip.stack;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where and how the node's single SIP stack listens. Populated from the Camel component's
 * options ({@code camel.component.sip.*}); see sip/README.md for the table of parameters.
 */
public final class SipStackSettings {

    private String bindAddress = "127.0.0.1";
    private int port = 5060;
    private Set<SipTransport> transports = EnumSet.of(SipTransport.UDP, SipTransport.TCP);
    private String advertisedAddress;
    private int threadPoolSize = 8;
    private int maxMessageSize = 65_535;
    private String userAgent = "TrunkRoute";
    /** Kernel receive buffer asked for on the UDP socket; see SipComponent for why it is large. */
    private int udpReceiveBuffer = 4 << 20;
    /** How long an INVITE or CANCEL received over UDP may wait for a worker ({@link DatagramLanes}). */
    private long inviteMaxWaitMillis = 400;
    /** Common lines read without the RI's lexer ({@link io.trunkroute.sip.parsing.FastPathMessageParser}). */
    private boolean fastPathParser = true;
    /** UDP sends go through one sender thread ({@link QueuedSendSocket}). */
    private boolean udpSendThread = true;

    public String bindAddress() {
        return bindAddress;
    }

    public SipStackSettings bindAddress(String value) {
        this.bindAddress = value;
        return this;
    }

    public int port() {
        return port;
    }

    public SipStackSettings port(int value) {
        if (value < 1 || value > 65_535) {
            throw new IllegalArgumentException("SIP port must be 1..65535, was " + value);
        }
        this.port = value;
        return this;
    }

    public Set<SipTransport> transports() {
        return transports;
    }

    public SipStackSettings transports(Set<SipTransport> value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("at least one SIP transport must be enabled");
        }
        this.transports = EnumSet.copyOf(value);
        return this;
    }

    /** The address put in Via and Contact; the bind address when not set (e.g. behind 1:1 NAT set it). */
    public String advertisedAddress() {
        return advertisedAddress == null || advertisedAddress.isBlank() ? bindAddress : advertisedAddress;
    }

    public SipStackSettings advertisedAddress(String value) {
        this.advertisedAddress = value;
        return this;
    }

    public int threadPoolSize() {
        return threadPoolSize;
    }

    public SipStackSettings threadPoolSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("SIP thread pool size must be at least 1, was " + value);
        }
        this.threadPoolSize = value;
        return this;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public SipStackSettings maxMessageSize(int value) {
        this.maxMessageSize = value;
        return this;
    }

    public int udpReceiveBuffer() {
        return udpReceiveBuffer;
    }

    public SipStackSettings udpReceiveBuffer(int value) {
        if (value < 65_536) {
            throw new IllegalArgumentException("UDP receive buffer must be at least 65536 bytes, was " + value);
        }
        this.udpReceiveBuffer = value;
        return this;
    }

    public String userAgent() {
        return userAgent;
    }

    public SipStackSettings userAgent(String value) {
        this.userAgent = value;
        return this;
    }

    public long inviteMaxWaitMillis() {
        return inviteMaxWaitMillis;
    }

    public SipStackSettings inviteMaxWaitMillis(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("INVITE max wait must be 0 (no limit) or more milliseconds, was " + value);
        }
        this.inviteMaxWaitMillis = value;
        return this;
    }

    public boolean udpSendThread() {
        return udpSendThread;
    }

    public SipStackSettings udpSendThread(boolean value) {
        this.udpSendThread = value;
        return this;
    }

    public boolean fastPathParser() {
        return fastPathParser;
    }

    public SipStackSettings fastPathParser(boolean value) {
        this.fastPathParser = value;
        return this;
    }
}
