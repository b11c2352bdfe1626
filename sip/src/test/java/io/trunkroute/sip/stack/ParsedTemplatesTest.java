package io.trunkroute.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import java.text.ParseException;
import java.util.List;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.AllowHeader;
import javax.sip.header.Header;
import org.junit.jupiter.api.Test;

class ParsedTemplatesTest {

    private final ParsedTemplates templates = new ParsedTemplates(new AddressFactoryImpl(), new HeaderFactoryImpl());

    @Test
    void eachUseGetsItsOwnCopyOfAnAddress() throws ParseException {
        Address first = templates.address("sip:74951234567@sip.mcn.ru");
        first.setDisplayName("Office");
        ((SipURI) first.getURI()).setTransportParam("tcp");
        ((SipURI) first.getURI()).setUser("000");

        Address second = templates.address("sip:74951234567@sip.mcn.ru");

        assertThat(second).isNotSameAs(first);
        assertThat(second.toString()).isEqualTo("sip:74951234567@sip.mcn.ru");
        assertThat(first.toString()).isEqualTo("\"Office\" <sip:000@sip.mcn.ru;transport=tcp>");
    }

    @Test
    void aCommaListLineGivesOneHeaderPerValueEachACopy() throws ParseException {
        List<Header> first = templates.headers("Allow: INVITE, ACK, BYE");
        ((AllowHeader) first.get(0)).setMethod("OPTIONS");

        List<Header> second = templates.headers("Allow: INVITE, ACK, BYE");

        assertThat(second).extracting(h -> ((AllowHeader) h).getMethod()).containsExactly("INVITE", "ACK", "BYE");
        assertThat(second.get(0)).isNotSameAs(first.get(0));
    }

    @Test
    void aHeaderLineKeepsItsValue() throws ParseException {
        List<Header> pai = templates.headers("P-Asserted-Identity: <sip:74951234567@sip.mcn.ru>");

        assertThat(pai).hasSize(1);
        assertThat(pai.get(0).toString().trim()).isEqualTo("P-Asserted-Identity: <sip:74951234567@sip.mcn.ru>");
    }

    @Test
    void textsThatNeverRepeatCannotGrowItPastItsLimit() throws ParseException {
        for (int i = 0; i < 3 * ParsedTemplates.LIMIT; i++) {
            templates.address("sip:7900" + i + "@sip.mcn.ru");
        }

        assertThat(templates.size()).isBetween(1, ParsedTemplates.LIMIT);
        assertThat(templates.address("sip:79001@sip.mcn.ru").toString()).isEqualTo("sip:79001@sip.mcn.ru");
    }

    @Test
    void aTextThatDoesNotParseIsRefusedAndNotKept() {
        assertThatThrownBy(() -> templates.address("sip:@@")).isInstanceOf(ParseException.class);
        assertThat(templates.size()).isZero();
    }
}
