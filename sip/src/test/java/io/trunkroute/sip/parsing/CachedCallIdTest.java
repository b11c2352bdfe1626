package io.trunkroute.sip.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.CallIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CachedCallIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a84b4c76e66710@pc33.atlanta.example.com", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "x@"})
    void readsAndEncodesAsTheRisCallId(String value) throws Exception {
        CallID ri = new CallID(value);
        CachedCallId cached = new CachedCallId(value);
        assertThat(cached.getCallId()).isEqualTo(ri.getCallId());
        assertThat(cached.encode()).isEqualTo(ri.encode());
        assertThat(cached.encodeBody()).isEqualTo(ri.encodeBody());
        assertThat(cached).isEqualTo(ri);
        assertThat(ri).isEqualTo(cached);
        assertThat(((CallID) cached.clone()).encode()).isEqualTo(ri.encode());
    }

    @Test
    void buildsItsValueOnceAndAClonesharesIt() throws Exception {
        CachedCallId cached = new CachedCallId("abc@host");
        String first = cached.getCallId();
        assertThat(cached.getCallId()).isSameAs(first);
        assertThat(((CachedCallId) cached.clone()).getCallId()).isSameAs(first);
    }

    @Test
    void followsEveryChangeOfTheIdentifier() throws Exception {
        CachedCallId cached = new CachedCallId("abc@host");
        assertThat(cached.getCallId()).isEqualTo("abc@host");
        cached.setCallId("def@other");
        assertThat(cached.getCallId()).isEqualTo("def@other");
        cached.getCallIdentifer().setHost("third");
        assertThat(cached.getCallId()).isEqualTo("def@third");
        cached.getCallIdentifer().setLocalId("ghi");
        assertThat(cached.encode()).isEqualTo(new CallID("ghi@third").encode());
        cached.setCallIdentifier(new CallIdentifier("jkl"));
        assertThat(cached.getCallId()).isEqualTo("jkl");
        CachedCallId copy = (CachedCallId) cached.clone();
        copy.setCallId("mno@copy");
        assertThat(cached.getCallId()).isEqualTo("jkl");
        assertThat(copy.getCallId()).isEqualTo("mno@copy");
    }
}
