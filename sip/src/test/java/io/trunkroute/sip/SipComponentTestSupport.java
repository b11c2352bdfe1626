package io.trunkroute.sip;

import io.trunkroute.testpeers.FreePorts;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;

/** A Camel test whose context has the {@code sip} component listening on a free loopback port. */
abstract class SipComponentTestSupport extends CamelTestSupport {

    /** The port the component's stack listens on, UDP and TCP. */
    protected final int sipPort = FreePorts.udpAndTcp();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        SipComponent sip = new SipComponent();
        sip.setPort(sipPort);
        context.addComponent("sip", sip);
        return context;
    }
}
