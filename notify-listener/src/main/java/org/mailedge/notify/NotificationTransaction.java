package org.mailedge.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;

/**
 * One SMTP mail transaction, from MAIL FROM to the end of DATA (the library makes one per MAIL
 * command). The sink is called only after the final {@code .}, only when the whole notification
 * is accepted, and {@link #done()} writes the one INFO line per transaction.
 */
final class NotificationTransaction implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(NotificationTransaction.class);

    /** How a transaction ended, as written in its log line. */
    enum Outcome {
        ACCEPTED("accepted"),
        RATE_LIMITED("rejected: rate limit"),
        BARE_LINE_END("rejected: bare CR or LF in DATA"),
        TOO_LARGE("rejected: message too large"),
        SINK_FAILED("failed: sink threw, answered 451"),
        ABORTED("aborted before the end of DATA");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    /** What a transaction needs from the listener; shared by all of them. */
    record Context(NewMailSink sink, Clock clock, SourceRateLimiter rateLimiter, NotifyCounters counters,
                   int maxMessageBytes) {
    }

    private final Context context;
    private final String sessionId;
    private final InetAddress source;
    private final Set<String> users = new LinkedHashSet<>();
    private int refusedRecipients;
    private int uidCount;
    private long size;
    private boolean dataReceived;
    private Outcome outcome = Outcome.ABORTED;

    NotificationTransaction(MessageContext session, Context context) {
        this.context = context;
        this.sessionId = session.getSessionId();
        // The library runs without a proxy handler, so this is the TCP peer itself.
        this.source = ((InetSocketAddress) session.getRemoteAddress()).getAddress();
    }

    @Override
    public void from(String reversePath) throws RejectException {
        if (!context.rateLimiter().tryAcquire(source)) {
            context.counters().rateLimited();
            outcome = Outcome.RATE_LIMITED;
            throw Reply.RATE_LIMITED.reject(source.getHostAddress());
        }
    }

    @Override
    public void recipient(String address) throws RejectException {
        try {
            users.add(RecipientName.userOf(address));
        } catch (RejectException e) {
            refusedRecipients++;
            throw e;
        }
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
        dataReceived = true;
        DataScan.Result scan = DataScan.read(data, context.maxMessageBytes());
        size = scan.size();
        if (scan instanceof DataScan.BareLineEnd) {
            context.counters().bareLineEnd();
            outcome = Outcome.BARE_LINE_END;
            throw Reply.BARE_LINE_END.reject();
        }
        if (scan instanceof DataScan.TooLarge) {
            context.counters().tooLarge();
            outcome = Outcome.TOO_LARGE;
            throw Reply.TOO_LARGE.reject(context.maxMessageBytes());
        }
        List<String> uids = NewUidsHeader.parse(((DataScan.Complete) scan).header());
        uidCount = uids.size();
        Instant receivedAt = context.clock().instant();
        int known = 0;
        for (String user : users) {
            boolean isKnown;
            try {
                isKnown = context.sink().onNewMail(new NewMail(user, uids, receivedAt, source));
            } catch (RuntimeException e) {
                log.warn("notification session={} source={}: sink failed, answering 451", sessionId,
                        source.getHostAddress(), e);
                outcome = Outcome.SINK_FAILED;
                throw Reply.SINK_FAILED.reject();
            }
            if (isKnown) {
                known++;
            }
        }
        context.counters().accepted(known, users.size() - known);
        outcome = Outcome.ACCEPTED;
        return Reply.ACCEPTED.text(users.size());
    }

    /** True once the library has handed over the DATA stream, whatever the verdict. */
    boolean dataReceived() {
        return dataReceived;
    }

    @Override
    public void done() {
        log.info("notification session={} source={} recipients={} refusedRecipients={} bytes={} uids={} outcome={}",
                sessionId, source.getHostAddress(), users.size(), refusedRecipients, size, uidCount, outcome.label);
    }
}
