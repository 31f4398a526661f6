import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * The Jakarta Mail client of the interop suite (scripts/interop.sh): logs in over POP3 and
 * writes each retrieved message, as Message.writeTo gives it, to OUTDIR/N.eml.
 *
 * <pre>
 *   java -cp mailedge.jar:CLASSES JakartaMailClient HOST PORT USER PASSWORD OUTDIR            # all, keep
 *   java -cp mailedge.jar:CLASSES JakartaMailClient HOST PORT USER PASSWORD OUTDIR 2,4        # these, deleted
 * </pre>
 *
 * Prints "N messages" (the folder's count, from STAT) on success. With a list of message
 * numbers, the folder is opened READ_WRITE, those messages are retrieved and flagged
 * deleted, and closing the folder with expunge sends QUIT (RFC 1939 UPDATE state).
 */
public final class JakartaMailClient {

    public static void main(String[] args) throws Exception {
        if (args.length < 5 || args.length > 6) {
            System.err.println("usage: JakartaMailClient HOST PORT USER PASSWORD OUTDIR [N,N,...]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        Path out = Path.of(args[4]);
        int[] delete = args.length == 6 ? Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray() : null;

        Properties props = new Properties();
        props.put("mail.pop3.host", host);
        props.put("mail.pop3.port", Integer.toString(port));
        props.put("mail.pop3.connectiontimeout", "30000");
        props.put("mail.pop3.timeout", "30000");
        Session session = Session.getInstance(props);
        Store store = session.getStore("pop3");
        store.connect(host, port, args[2], args[3]);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(delete == null ? Folder.READ_ONLY : Folder.READ_WRITE);
            int count = inbox.getMessageCount();
            int[] numbers = delete != null ? delete : java.util.stream.IntStream.rangeClosed(1, count).toArray();
            for (int n : numbers) {
                Message message = inbox.getMessage(n);
                try (OutputStream file = Files.newOutputStream(out.resolve(n + ".eml"))) {
                    message.writeTo(file);
                }
                if (delete != null) {
                    message.setFlag(Flags.Flag.DELETED, true);
                }
            }
            inbox.close(delete != null);
            System.out.println(count + " messages");
        } finally {
            store.close();
        }
    }
}
