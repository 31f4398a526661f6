package org.mailedge.notify;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.internal.server.CommandException;
import org.subethamail.smtp.internal.server.HelpMessage;
import org.subethamail.smtp.server.Session;

/**
 * Wraps MAIL to refuse a declared {@code SIZE=} above the limit itself (RFC 1870), before the
 * library sees it. The library would refuse it too, but it parses the value with
 * {@code Integer.parseInt}, so {@code SIZE=99999999999} ends the session with an unexpected
 * exception and a 421; and its refusal would reach neither the counters nor the log.
 */
final class DeclaredSizeLimit implements Command {

    private static final Logger log = LoggerFactory.getLogger(DeclaredSizeLimit.class);

    /** RFC 1870: {@code size-value ::= 1*20DIGIT}; ESMTP keywords are case-insensitive. */
    private static final Pattern SIZE_PARAMETER = Pattern.compile("(?i)^SIZE=(\\d{1,20})$");

    private final Command mail;
    private final int maxMessageBytes;
    private final NotifyCounters counters;

    DeclaredSizeLimit(Command mail, int maxMessageBytes, NotifyCounters counters) {
        this.mail = mail;
        this.maxMessageBytes = maxMessageBytes;
        this.counters = counters;
    }

    @Override
    public void execute(String commandString, Session session) throws IOException, DropConnectionException {
        if (!session.isMailTransactionInProgress()) {
            OptionalLong declared = declaredSize(commandString);
            if (declared.isPresent() && declared.getAsLong() > maxMessageBytes) {
                counters.tooLarge();
                log.info("notification session={} source={}: refused at MAIL FROM, declared size {} is over {} bytes",
                        session.getSessionId(), session.getRemoteAddress().getAddress().getHostAddress(),
                        declared.getAsLong(), maxMessageBytes);
                session.sendResponse(Reply.DECLARED_SIZE_TOO_LARGE.line(maxMessageBytes));
                return;
            }
        }
        mail.execute(commandString, session);
    }

    /** The value of a {@code SIZE=} parameter; values too large for a long count as {@code Long.MAX_VALUE}. */
    static OptionalLong declaredSize(String mailCommand) {
        for (String parameter : mailCommand.split(" +")) {
            Matcher size = SIZE_PARAMETER.matcher(parameter);
            if (size.matches()) {
                String digits = size.group(1);
                return OptionalLong.of(digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits));
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public HelpMessage getHelp() throws CommandException {
        return mail.getHelp();
    }

    @Override
    public String getName() {
        return mail.getName();
    }
}
