package io.trunkroute.sip;

import io.trunkroute.sip.stack.SipTransport;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** Endpoint options of {@code sip:name?...}. The setter Javadoc is the option's documentation. */
@UriParams
public class SipConfiguration implements Cloneable {

    @UriPath(description = "A label for the endpoint (e.g. register, invite, inbound).")
    private String name;
    @UriParam(label = "producer", defaultValue = "REGISTER")
    private String method = "REGISTER";
    @UriParam(label = "consumer", defaultValue = "OPTIONS")
    private String methods = "OPTIONS";
    @UriParam(label = "producer", defaultValue = "32000")
    private long requestTimeout = 32_000;
    @UriParam(label = "producer", defaultValue = "udp", enums = "udp,tcp,tls")
    private String transport = "udp";

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getMethod() {
        return method;
    }

    /** The SIP method the producer sends when the message has no CamelSipMethod header. */
    public void setMethod(String method) {
        this.method = method;
    }

    public String getMethods() {
        return methods;
    }

    /** Comma-separated request methods the consumer receives (each method by one consumer only). */
    public void setMethods(String methods) {
        this.methods = methods;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    /**
     * Milliseconds to wait for a final response to each transaction; defaults to RFC 3261's
     * Timer F (64 x T1 = 32 s). Lower it to notice a dead carrier sooner.
     */
    public void setRequestTimeout(long requestTimeout) {
        if (requestTimeout <= 0) {
            throw new IllegalArgumentException("requestTimeout must be > 0 ms, was " + requestTimeout);
        }
        this.requestTimeout = requestTimeout;
    }

    public String getTransport() {
        return transport;
    }

    /** Transport for requests that carry no CamelSipTransport header: udp, tcp or tls. */
    public void setTransport(String transport) {
        SipTransport.fromToken(transport);
        this.transport = transport;
    }

    public SipConfiguration copy() {
        try {
            return (SipConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
