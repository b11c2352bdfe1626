package io.trunkroute.sip.stack;

import gov.nist.core.ThreadAuditor;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.Properties;
import javax.sip.ListeningPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's message processors, except that UDP receives into one reused buffer. The RI's own UDP
 * processor allocates a fresh {@code MAX_MESSAGE_SIZE} array (up to 64 KB) for every datagram and
 * keeps it until a worker parsed it: under call load that was 28 % of all the bytes the engine
 * allocated, for messages of about 1 KB. Here each datagram is copied out at its own length.
 * Everything else (the RI's worker threads, queue, parser, sending from the listening socket) is
 * the RI's.
 *
 * <p>Installed through the RI's {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY} property.
 */
public final class CompactUdpProcessorFactory implements MessageProcessorFactory {

    /**
     * Stack property: milliseconds an INVITE or CANCEL may wait for a worker before it is dropped
     * ({@link DatagramLanes}); 0 for no limit. Set by {@link SipNode} from {@link SipStackSettings}.
     */
    static final String INVITE_MAX_WAIT_PROPERTY = "io.trunkroute.sip.UDP_INVITE_MAX_WAIT_MS";
    /** "true": the workers' sends go through one thread ({@link QueuedSendSocket}). */
    static final String SEND_THREAD_PROPERTY = "io.trunkroute.sip.UDP_SEND_THREAD";
    /**
     * Any datagram that waited this long is dropped: the RI's congestion auditor's default
     * ({@code CONGESTION_CONTROL_TIMEOUT}), which SipNode turns off since the RI's queue is replaced.
     */
    static final long STALE_AFTER_MS = 8_000;

    private final MessageProcessorFactory others = new OIOMessageProcessorFactory();

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if (!ListeningPoint.UDP.equalsIgnoreCase(transport)) {
            return others.createMessageProcessor(stack, address, port, transport);
        }
        // Set before the processor binds its socket, so a failure here leaves no socket behind;
        // the flag is read only when a UDP channel sends.
        sendFromListeningSocket(stack);
        return new CompactUdpProcessor(address, stack, port);
    }

    /**
     * The RI's own factories set the package-private {@code udpFlag}: without it every UDP message
     * would leave from a new ephemeral socket instead of the listening port, and carriers that
     * answer to the source port (most) would answer nobody.
     */
    private static void sendFromListeningSocket(SIPTransactionStack stack) throws IOException {
        try {
            Field flag = SIPTransactionStack.class.getDeclaredField("udpFlag");
            flag.setAccessible(true);
            flag.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this JAIN-SIP RI has no udpFlag to set (" + e + "); remove "
                    + CompactUdpProcessorFactory.class.getSimpleName() + " from the stack properties", e);
        }
    }

    /** The RI's UDP processor with its receive loop replaced; see the factory. */
    static final class CompactUdpProcessor extends UDPMessageProcessor {

        private static final Logger LOG = LoggerFactory.getLogger(CompactUdpProcessor.class);

        private final int bufferSize;
        private final DatagramLanes lanes;

        CompactUdpProcessor(InetAddress address, SIPTransactionStack stack, int port) throws IOException {
            super(address, stack, port);
            Properties settings = ((SipStackImpl) stack).getConfigurationProperties();
            String wait = settings.getProperty(INVITE_MAX_WAIT_PROPERTY, "0");
            if (Boolean.parseBoolean(settings.getProperty(SEND_THREAD_PROPERTY, "false").trim())) {
                // The RI's workers send on this field; the reader below reads through it too.
                this.sock = new QueuedSendSocket(sock, ((SipStackImpl) stack).getStackName() + "-udp-sender-" + port);
            }
            this.lanes = new DatagramLanes(Long.parseLong(wait.trim()), STALE_AFTER_MS, System::currentTimeMillis);
            // The RI's workers take from this field; they start in run(), after this constructor.
            this.messageQueue = lanes;
            int configured = stack.getMaxMessageSize();
            // The same bound the RI applies: a datagram cannot be larger than 64 KB.
            this.bufferSize = configured > 0 && configured < SipStackImpl.MAX_DATAGRAM_SIZE
                    ? configured : SipStackImpl.MAX_DATAGRAM_SIZE;
            int asked = stack.getReceiveUdpBufferSize();
            int granted = sock.getReceiveBufferSize();
            if (granted < asked) {
                LOG.warn("UDP {}:{}: the kernel granted a {}-byte receive buffer of the {} asked for; datagrams that"
                        + " arrive during a pause beyond that are dropped (raise sysctl net.core.rmem_max)",
                        address.getHostAddress(), port, granted, asked);
            } else {
                LOG.info("UDP {}:{}: {}-byte receive buffer", address.getHostAddress(), port, granted);
            }
        }

        DatagramLanes lanes() {
            return lanes;
        }

        /** The socket's sender when {@link #SEND_THREAD_PROPERTY} is on, or null. */
        QueuedSendSocket sender() {
            return sock instanceof QueuedSendSocket queued ? queued : null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void run() {
            messageChannels = new LinkedList<>();
            SipStackImpl stack = (SipStackImpl) sipStack;
            // SipNode always sets it from SipStackSettings, which refuses less than one worker (the
            // RI's -1, a thread per datagram, is not supported here).
            int workers = Integer.parseInt(
                    stack.getConfigurationProperties().getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE").trim());
            String name = stack.getStackName();
            for (int i = 0; i < workers; i++) {
                messageChannels.add(new Worker(sipStack, this, name + "-UDPMessageChannelThread-" + i));
            }
            // In RI 1.3.0-91 the stack has a thread auditor only when THREAD_AUDIT_INTERVAL_IN_MILLISECS
            // is set; the RI's own loop checks for null too.
            ThreadAuditor threads = sipStack.getThreadAuditor();
            ThreadAuditor.ThreadHandle auditor = threads == null ? null : threads.addCurrentThread();
            byte[] buffer = new byte[bufferSize];
            DatagramPacket received = new DatagramPacket(buffer, buffer.length);
            int reported = 0;
            while (isRunning) {
                try {
                    if (auditor != null) {
                        auditor.ping();
                    }
                    received.setData(buffer);
                    sock.receive(received);
                    byte[] data = Arrays.copyOf(buffer, received.getLength());
                    DatagramPacket packet = new DatagramPacket(data, data.length, received.getSocketAddress());
                    lanes.offer(new DatagramQueuedMessageDispatch(packet, System.currentTimeMillis()));
                    reported = 0;
                } catch (SocketTimeoutException e) {
                    // the thread auditor's ping interval: loop and ping
                } catch (SocketException e) {
                    if (!isRunning) {
                        return;
                    }
                    reported = report(e, reported);
                } catch (IOException | RuntimeException e) {
                    reported = report(e, reported);
                }
            }
        }

        /** Like the RI: the first ten errors in a row are logged, then silence until a datagram arrives. */
        private int report(Exception e, int reported) {
            if (reported < 10) {
                LOG.warn("UDP receive on {}:{} failed: {}", getIpAddress().getHostAddress(), getPort(), e.toString());
            }
            return reported + 1;
        }
    }

    /** The RI's UDP worker thread, unchanged; its constructor is only reachable from a subclass. */
    private static final class Worker extends UDPMessageChannel {
        Worker(SIPTransactionStack stack, UDPMessageProcessor processor, String threadName) {
            super(stack, processor, threadName);
        }
    }
}
