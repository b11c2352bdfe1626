package io.trunkroute.sip;

/**
 * A Contact of a response, e.g. one binding in a REGISTER 200 (RFC 3261 section 10.3 step 8).
 *
 * @param uri     the contact URI without angle brackets
 * @param expires the {@code expires} parameter, or null when absent
 */
public record SipContact(String uri, Integer expires) {

    /** A URI parameter's value ("line" in {@code sip:u@h;line=abc}), or null. */
    public String uriParameter(String name) {
        for (String part : uri.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
