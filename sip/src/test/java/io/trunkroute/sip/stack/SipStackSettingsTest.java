package io.trunkroute.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Settings the stack cannot run with are refused when they are set, with the value in the message. */
class SipStackSettingsTest {

    @Test
    void refusesFewerThanOneSipWorker() {
        // The RI reads -1 as "a thread per datagram", which the UDP reader here does not support.
        assertThatThrownBy(() -> new SipStackSettings().threadPoolSize(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1, was -1");
        assertThatThrownBy(() -> new SipStackSettings().threadPoolSize(0))
                .hasMessageContaining("was 0");
        assertThat(new SipStackSettings().threadPoolSize(1).threadPoolSize()).isEqualTo(1);
    }

    @Test
    void refusesAUdpReceiveBufferBelow64Kilobytes() {
        assertThatThrownBy(() -> new SipStackSettings().udpReceiveBuffer(65_535))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 65535");
        assertThat(new SipStackSettings().udpReceiveBuffer(65_536).udpReceiveBuffer()).isEqualTo(65_536);
        assertThat(new SipStackSettings().udpReceiveBuffer()).isEqualTo(4 << 20);
    }

    @Test
    void refusesANegativeInviteWaitAndTakesZeroForNoLimit() {
        assertThatThrownBy(() -> new SipStackSettings().inviteMaxWaitMillis(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was -1");
        assertThat(new SipStackSettings().inviteMaxWaitMillis(0).inviteMaxWaitMillis()).isZero();
        assertThat(new SipStackSettings().inviteMaxWaitMillis()).isEqualTo(400);
    }
}
