package io.trunkroute.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SipIdentifiersTest {

    @Test
    void aBranchCarriesTheMagicCookieAnd80RandomBits() {
        assertThat(SipIdentifiers.newBranch()).matches("z9hG4bK[0-9a-f]{20}");
    }

    @Test
    void aTagHas48RandomBitsAndDoesNotRepeat() {
        Set<String> tags = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String tag = SipIdentifiers.newTag();
            assertThat(tag).matches("[0-9a-f]{12}");
            tags.add(tag);
        }
        assertThat(tags).hasSize(10_000);
    }
}
