package io.trunkroute.sip.client;

import javax.sip.Dialog;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The final response of a request, after any digest challenges were answered.
 *
 * @param response    the final (>= 200) response
 * @param lastRequest the request that got it; its CSeq is the last one used (callers that keep a
 *                    Call-ID, as REGISTER does, continue from it)
 * @param authRounds  how many challenges were answered on the way
 * @param dialog      for INVITE, the dialog the final response belongs to (confirmed by a 2xx)
 */
public record SipResult(Response response, Request lastRequest, int authRounds, Dialog dialog) {

    public int statusCode() {
        return response.getStatusCode();
    }

    public long lastCSeq() {
        return ((javax.sip.header.CSeqHeader) lastRequest.getHeader(javax.sip.header.CSeqHeader.NAME)).getSeqNumber();
    }
}
