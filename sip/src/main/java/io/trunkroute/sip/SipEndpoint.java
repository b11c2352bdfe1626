package io.trunkroute.sip;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code sip:name?options}. A producer sends one request (REGISTER by default) with digest auth
 * and returns its final response as headers; a consumer receives new requests of the listed
 * methods from the node's stack.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "sip", title = "SIP (JAIN-SIP)", syntax = "sip:name",
             category = {Category.NETWORKING}, headersClass = SipConstants.class)
public class SipEndpoint extends DefaultEndpoint {

    @UriParam
    private final SipConfiguration configuration;

    SipEndpoint(String uri, SipComponent component, SipConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public SipComponent getComponent() {
        return (SipComponent) super.getComponent();
    }

    public SipConfiguration getConfiguration() {
        return configuration;
    }

    // Options are bound onto the endpoint; delegate to the configuration POJO.
    public void setMethod(String method) {
        configuration.setMethod(method);
    }

    public void setMethods(String methods) {
        configuration.setMethods(methods);
    }

    public void setRequestTimeout(long requestTimeout) {
        configuration.setRequestTimeout(requestTimeout);
    }

    public void setTransport(String transport) {
        configuration.setTransport(transport);
    }

    @Override
    public Producer createProducer() {
        return new SipProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SipConsumer consumer = new SipConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
