package io.trunkroute.calls;

import io.trunkroute.sip.SipConstants;
import io.trunkroute.sip.stack.IncomingRequest;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The call path's entry: every new INVITE the node receives. Admission (toll-fraud guard) first,
 * then the outbound or inbound branch; a call that starts answers for itself (B2BUA), anything
 * refused is answered with the code the branch chose.
 */
public final class CallRoutes extends RouteBuilder {

    static final String DIRECTION = "TrunkRouteCallDirection";
    static final String TENANT = "TrunkRouteTenant";

    private final Supplier<CallService> calls;

    public CallRoutes(Supplier<CallService> calls) {
        this.calls = calls;
    }

    @Override
    public void configure() {
        // No redelivery and nothing to dead-letter: a failure reaches the SIP consumer, which logs
        // it and answers 500. Camel's default error handler added a task object and its
        // bookkeeping to every INVITE for the same outcome.
        errorHandler(noErrorHandler());
        from("sip:calls?methods=INVITE").routeId("calls-invite")
                .process(this::admit)
                .choice()
                    .when(header(DIRECTION).isEqualTo("OUTBOUND")).process(e -> started(e,
                            service().startOutbound(incoming(e), e.getIn().getHeader(TENANT,
                                    io.trunkroute.trunks.model.Tenant.class))))
                    .when(header(DIRECTION).isEqualTo("INBOUND")).process(e -> started(e,
                            service().startInbound(incoming(e))))
                .end();
    }

    private CallService service() {
        CallService s = calls.get();
        if (s == null) {
            throw new IllegalStateException("call service not started");
        }
        return s;
    }

    private static IncomingRequest incoming(Exchange e) {
        return e.getIn().getHeader(SipConstants.INCOMING_REQUEST, IncomingRequest.class);
    }

    private void admit(Exchange e) {
        if (calls.get() == null) {
            e.getMessage().setHeader(SipConstants.STATUS_CODE, 503);
            e.getMessage().setHeader(SipConstants.REASON_PHRASE, "Starting");
            return;
        }
        CallService.Admission admission = service().admit(incoming(e));
        if (admission.direction() == null) {
            e.getMessage().setHeader(SipConstants.STATUS_CODE, admission.code());
            e.getMessage().setHeader(SipConstants.REASON_PHRASE, admission.reason());
            return;
        }
        e.getMessage().setHeader(DIRECTION, admission.direction().name());
        e.getMessage().setHeader(TENANT, admission.tenant());
    }

    /** The branch answered already (call started, or rejected with a code): nothing left for the consumer. */
    private static void started(Exchange e, int code) {
        e.getMessage().setHeader(SipConstants.RESPONDED, true);
    }
}
