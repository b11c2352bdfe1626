package io.trunkroute.rules.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import io.trunkroute.trunks.model.InviteFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

    @ParameterizedTest(name = "''{0}'' in {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // as dialled          | region | E.164
        "8 (495) 123-45-67     | RU     | +74951234567",
        "+7 495 1234567        | RU     | +74951234567",
        "74951234567           | RU     | +74951234567",
        "84951234567           | RU     | +74951234567",
        "89161234567           | RU     | +79161234567",
        "+49 30 1234567        | RU     | +49301234567",
        "030 1234567           | DE     | +49301234567",
        "+1 212-555-0123       | RU     | +12125550123",
    })
    void normalisesWhatPbxsSendToE164(String dialled, String region, String e164) {
        NormalizedNumber n = PhoneNumbers.normalize(dialled, region);

        assertThat(n.reason()).isNull();
        assertThat(n.e164()).isEqualTo(e164);
        assertThat(n.digits()).isEqualTo(e164.substring(1));
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "''                   | empty number",
        "8495123              | no such number range",
        "+999 1234567         | unknown country code",
        "sip:alice            | not a telephone number",
        "8495123456789012     | too long",
        "+7 495 12            | not a possible number",
    })
    void refusesNumbersThatCannotExistWithAReason(String dialled, String reason) {
        NormalizedNumber n = PhoneNumbers.normalize(dialled, "RU");

        assertThat(n.isValid()).isFalse();
        assertThat(n.reason()).contains(reason);
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @CsvSource({
        "+74951234567, E164,     +74951234567",
        "+74951234567, NATIONAL, 84951234567",
        "+74951234567, DIGITS,   74951234567",
        "+49301234567, NATIONAL, 0301234567",
    })
    void formatsForTheTrunksInviteFormat(String e164, InviteFormat format, String expected) {
        assertThat(PhoneNumbers.format(e164, format)).isEqualTo(expected);
    }
}
