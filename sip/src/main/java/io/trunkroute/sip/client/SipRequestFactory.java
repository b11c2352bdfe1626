package io.trunkroute.sip.client;

import io.trunkroute.sip.parsing.CachedCallId;
import io.trunkroute.sip.stack.ParsedTemplates;
import io.trunkroute.sip.stack.SipIdentifiers;
import io.trunkroute.sip.stack.SipNode;
import io.trunkroute.sip.stack.SipStackSettings;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * Builds out-of-dialog requests from a {@link RequestSpec} (RFC 3261 section 8.1.1): Via with
 * this node's advertised address, transport and rport (RFC 3581), a fresh From tag, Max-Forwards 70.
 */
public final class SipRequestFactory {

    private final SipNode node;

    public SipRequestFactory(SipNode node) {
        this.node = node;
    }

    public Request create(RequestSpec spec) {
        try {
            return build(spec);
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalArgumentException("cannot build " + spec.method() + " to " + spec.requestUri()
                    + ": " + e.getMessage(), e);
        }
    }

    private Request build(RequestSpec spec) throws ParseException, InvalidArgumentException {
        AddressFactory af = node.addressFactory();
        HeaderFactory hf = node.headerFactory();
        SipStackSettings s = node.settings();

        URI requestUri = withTransport(af.createURI(spec.requestUri()), spec.transport());
        ParsedTemplates templates = node.templates();
        // The Request-URI and To carry the number dialled, new nearly every call: parsed each time.
        // From, Contact and the extra headers repeat call after call on a trunk.
        Address fromAddress = templates.address(spec.fromUri());
        if (spec.fromDisplayName() != null) {
            fromAddress.setDisplayName(spec.fromDisplayName());
        }
        Address toAddress = af.createAddress(spec.toUri());
        // The RI's CallID joins its value into a new string at each read; CachedCallId, once.
        CallIdHeader callId = new CachedCallId(spec.callId() == null
                ? node.provider().getNewCallId().getCallId() : spec.callId());
        ViaHeader via = hf.createViaHeader(s.advertisedAddress(), s.port(), spec.transport().token(), SipIdentifiers.newBranch());
        via.setRPort();

        Request request = node.messageFactory().createRequest(requestUri, spec.method(), callId,
                hf.createCSeqHeader(spec.cseq(), spec.method()),
                hf.createFromHeader(fromAddress, SipIdentifiers.newTag()),
                hf.createToHeader(toAddress, null),
                List.of(via), hf.createMaxForwardsHeader(70));

        if (spec.contactUri() != null) {
            ContactHeader contact = hf.createContactHeader(templates.address(spec.contactUri()));
            request.addHeader(contact);
        }
        for (String extra : spec.extraContacts()) {
            request.addHeader(hf.createHeader(ContactHeader.NAME, extra));
        }
        if (spec.expires() != null) {
            request.addHeader(hf.createExpiresHeader(spec.expires()));
        }
        if (spec.outboundProxy() != null) {
            Address proxy = af.createAddress(withTransport(af.createURI(spec.outboundProxy()), spec.transport()));
            ((javax.sip.address.SipURI) proxy.getURI()).setLrParam();
            request.addHeader(hf.createRouteHeader(proxy));
        }
        request.addHeader(hf.createUserAgentHeader(List.of(s.userAgent())));
        for (Map.Entry<String, String> h : spec.extraHeaders().entrySet()) {
            for (javax.sip.header.Header header : templates.headers(h.getKey() + ": " + h.getValue())) {
                request.addHeader(header);
            }
        }
        if (spec.body() != null) {
            String[] type = spec.contentType().split("/", 2);
            request.setContent(spec.body(), hf.createContentTypeHeader(type[0], type.length > 1 ? type[1] : ""));
        }
        return request;
    }

    /**
     * JAIN-SIP picks the next hop's transport from the URI it routes on (RFC 3263 section 4.1:
     * an explicit transport parameter wins), so a non-UDP request carries it on that URI.
     */
    private static URI withTransport(URI uri, io.trunkroute.sip.stack.SipTransport transport)
            throws ParseException {
        if (uri instanceof javax.sip.address.SipURI sip && transport != io.trunkroute.sip.stack.SipTransport.UDP
                && sip.getTransportParam() == null) {
            sip.setTransportParam(transport.token());
        }
        return uri;
    }
}
