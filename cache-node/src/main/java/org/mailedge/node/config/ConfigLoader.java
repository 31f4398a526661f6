package org.mailedge.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mailedge.db.StoreConfig;
import org.mailedge.db.users.Placement;
import java.util.HashSet;
import java.util.Set;
import org.mailedge.node.attenuation.FastCheck;
import org.mailedge.node.attenuation.LoadSignal;
import org.mailedge.node.attenuation.RhythmClassifier;
import org.mailedge.node.config.EdgeConfig.Attenuation.Policy;
import org.mailedge.node.delay.DelayRule;
import org.mailedge.node.notice.NoticeSettings;
import org.mailedge.node.policy.Mode;
import org.mailedge.node.policy.ModeException;
import org.mailedge.node.policy.ModeSelector;
import org.mailedge.node.admin.AdminToken;
import org.mailedge.node.pop3.Pop3Limits;
import org.mailedge.node.proxy.ProxyProtocol;
import org.mailedge.node.pop3.Pop3Tls;
import org.mailedge.node.tls.ServerTls;
import org.mailedge.node.tls.TlsMaterialException;
import org.mailedge.notify.NetworkRange;
import org.mailedge.notify.NotifyListenerConfig;
import org.mailedge.notify.NotifySecurity;
import org.mailedge.notify.UsersFile;
import org.subethamail.smtp.auth.UsernamePasswordValidator;
import org.subethamail.smtp.server.SSLSocketCreator;
import org.mailedge.sync.CentralEndpoint;
import org.mailedge.sync.origin.OriginForwarding;
import org.mailedge.sync.CentralTls;
import org.mailedge.node.tls.ClientTls;
import org.mailedge.sync.credentials.CredentialsConfig;
import org.mailedge.sync.deletes.DeleteRetryService;
import org.mailedge.sync.prefetch.PrefetchConfig;
import org.mailedge.sync.schedule.SchedulerConfig;
import org.quartz.CronExpression;

/**
 * Reads the YAML configuration into an {@link EdgeConfig}. Defaults live here and only
 * here; README.md documents the same keys.
 */
public final class ConfigLoader {

    /** RFC 2449 §4: command lines of up to 255 octets including CRLF. */
    static final int RFC2449_LINE = 255;
    /** RFC 1939 §3: an autologout timer must be at least 10 minutes. */
    static final Duration RFC1939_AUTOLOGOUT = Duration.ofMinutes(10);

    private ConfigLoader() {
    }

    public static EdgeConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the configuration file (" + e.getMessage() + ")");
        }
        return parse(text);
    }

    public static EdgeConfig parse(String yaml) throws ConfigException {
        JsonNode tree;
        try {
            tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
        if (tree != null && !tree.isMissingNode() && !tree.isNull() && !tree.isObject()) {
            throw new ConfigException("the file must be a YAML mapping of sections (node, tls, pop3, central, attenuation, auth, notify, store, cache, prefetch, admin, notices)");
        }
        ConfigNode root = new ConfigNode("", tree);
        EdgeConfig.Node node = node(root.section("node"));
        Optional<ServerTls> serverTls = serverTls(root.section("tls"));
        ConfigNode pop3 = root.section("pop3");
        EdgeConfig.Attenuation attenuation = attenuation(root.section("attenuation"));
        EdgeConfig.Cache cache = cache(root.section("cache"));
        EdgeConfig.Admin admin = admin(root.section("admin"));
        EdgeConfig config = new EdgeConfig(node, pop3(pop3), central(root.section("central")),
                attenuation, auth(root.section("auth")),
                notifications(root.section("notify"), node.hostName(), serverTls), store(root.section("store"), node),
                cache, prefetch(root.section("prefetch"), node), admin,
                notices(root.section("notices"), node, attenuation, cache, admin),
                new EdgeConfig.Tls(serverTls, pop3Tls(pop3.section("tls"), serverTls)));
        root.rejectUnknownKeys();
        return config;
    }

    private static EdgeConfig.Node node(ConfigNode n) throws ConfigException {
        return new EdgeConfig.Node(n.string("host-name", "mailedge.localhost"), n.string("name", "edge"),
                Path.of(n.string("data-dir", "data")));
    }

    private static EdgeConfig.Store store(ConfigNode n, EdgeConfig.Node node) throws ConfigException {
        String url = n.string("jdbc-url", StoreConfig.h2Url(node.dataDirectory()));
        if (!url.startsWith("jdbc:")) {
            throw ConfigException.at(n.key("jdbc-url"), "must be a JDBC URL starting with jdbc:, found '" + url + "'");
        }
        return new EdgeConfig.Store(new StoreConfig(url, n.string("user", "sa"), n.optionalString("password").orElse(""),
                node.dataDirectory()));
    }

    private enum WhenCentralDown { SERVE_CACHE, REFUSE }

    private static EdgeConfig.Cache cache(ConfigNode n) throws ConfigException {
        return new EdgeConfig.Cache(n.bool("enabled", true), n.bool("keep-retrieved", true),
                n.choice("when-central-down", WhenCentralDown.SERVE_CACHE, WhenCentralDown.class) == WhenCentralDown.SERVE_CACHE);
    }

    private enum Login { NONE, MASTER, CREDENTIALS_FILE }

    private static EdgeConfig.Prefetch prefetch(ConfigNode n, EdgeConfig.Node node) throws ConfigException {
        Login login = n.choice("login", Login.NONE, Login.class);
        Optional<String> masterUser = n.optionalString("master-user");
        Optional<String> masterPassword = n.optionalString("master-password");
        String separator = n.string("master-separator", "*");
        Optional<String> file = n.optionalString("credentials-file");
        Optional<CredentialsConfig> credentials = switch (login) {
            case NONE -> Optional.empty();
            case MASTER -> Optional.of(new CredentialsConfig.MasterUser(
                    masterUser.orElseThrow(() -> ConfigException.at(n.key("master-user"), "is required with prefetch.login: master")),
                    masterPassword.orElseThrow(() -> ConfigException.at(n.key("master-password"), "is required with prefetch.login: master")),
                    separator));
            case CREDENTIALS_FILE -> Optional.of(new CredentialsConfig.PerUserFile(Path.of(
                    file.orElseThrow(() -> ConfigException.at(n.key("credentials-file"), "is required with prefetch.login: credentials-file")))));
        };
        Placement placement = n.choice("placement", Placement.HOME, Placement.class);
        PrefetchConfig prefetch = new PrefetchConfig(node.name(), placement,
                n.size("max-bytes-per-second", 0, 0, Long.MAX_VALUE),
                n.integer("max-messages-per-second", 0, 0, 1_000_000),
                n.size("max-user-cache", PrefetchConfig.DEFAULT_PER_USER_CAP_BYTES, 0, Long.MAX_VALUE),
                n.size("max-total-cache", 0, 0, Long.MAX_VALUE),
                PrefetchConfig.DEFAULT_MAX_CONSECUTIVE_CENTRAL_FAILURES);
        String cron = n.string("cron", "0 0 2 * * ?");
        if (!CronExpression.isValidExpression(cron)) {
            throw ConfigException.at(n.key("cron"), "is not a Quartz cron expression (sec min hour day month weekday), e.g. \"0 0 2 * * ?\" = 02:00 daily; found '" + cron + "'");
        }
        Duration maxDuration = n.duration("max-duration", SchedulerConfig.DEFAULT_MAX_DURATION, Duration.ofMinutes(1), Duration.ofDays(1));
        SchedulerConfig scheduler = SchedulerConfig.defaults().withClustered(n.bool("clustered", false));
        return new EdgeConfig.Prefetch(credentials, prefetch, scheduler, cron, maxDuration, n.bool("on-notification", true),
                n.duration("delete-retry-interval", DeleteRetryService.DEFAULT_INTERVAL, Duration.ofMillis(100), Duration.ofHours(1)));
    }

    /** The admin API; beyond loopback only with a token, since it can evict caches and unthrottle users. */
    private static EdgeConfig.Admin admin(ConfigNode n) throws ConfigException {
        boolean enabled = n.bool("enabled", true);
        InetSocketAddress listen = n.address("listen", "127.0.0.1:8025");
        Optional<String> tokenFile = n.optionalString("token-file");
        Optional<AdminToken> token = Optional.empty();
        if (tokenFile.isPresent()) {
            try {
                token = Optional.of(AdminToken.read(Path.of(tokenFile.get())));
            } catch (IOException e) {
                throw ConfigException.at(n.key("token-file"), e.getMessage());
            }
        }
        if (enabled && token.isEmpty() && !listen.getAddress().isLoopbackAddress()) {
            throw ConfigException.at(n.key("listen"), "an admin API on " + listen.getHostString()
                    + " (not loopback) needs admin.token-file: anyone who reaches it could evict caches and unthrottle users");
        }
        return new EdgeConfig.Admin(enabled, listen, tokenFile.map(Path::of), token);
    }

    private static EdgeConfig.Pop3 pop3(ConfigNode n) throws ConfigException {
        InetSocketAddress listen = n.address("listen", "127.0.0.1:1110");
        Pop3Limits limits = new Pop3Limits(
                n.integer("max-line-length", RFC2449_LINE, RFC2449_LINE, 8192),
                n.duration("idle-timeout-before-login", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1)),
                n.duration("idle-timeout-after-login", RFC1939_AUTOLOGOUT, RFC1939_AUTOLOGOUT, Duration.ofHours(24)),
                n.integer("max-connections", 20_000, 0, 1_000_000),
                n.integer("max-connections-per-address", 1_000, 0, 1_000_000),
                n.integer("io-threads", 2 * Runtime.getRuntime().availableProcessors(), 1, 512),
                n.integer("max-connections-per-user-and-address", 10, 0, 1_000_000),
                proxyProtocol(n.section("proxy-protocol")));
        return new EdgeConfig.Pop3(listen, limits);
    }

    private static ProxyProtocol proxyProtocol(ConfigNode n) throws ConfigException {
        return new ProxyProtocol(networks(n, "trusted-networks", List.of()),
                n.duration("header-timeout", ProxyProtocol.DEFAULT_HEADER_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(5)));
    }

    /** The node's certificate and key, read and checked now, so a bad file stops the start with its key named. */
    private static Optional<ServerTls> serverTls(ConfigNode n) throws ConfigException {
        Optional<String> certificate = n.optionalString("certificate");
        Optional<String> key = n.optionalString("private-key");
        if (certificate.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (certificate.isEmpty()) {
            throw ConfigException.at(n.key("certificate"), "is required with tls.private-key");
        }
        if (key.isEmpty()) {
            throw ConfigException.at(n.key("private-key"), "is required with tls.certificate");
        }
        try {
            return Optional.of(ServerTls.fromPem(Path.of(certificate.get()), Path.of(key.get())));
        } catch (TlsMaterialException e) {
            throw ConfigException.at(n.key(e.part() == TlsMaterialException.Part.CERTIFICATE ? "certificate" : "private-key"),
                    e.getMessage());
        }
    }

    private static Optional<Pop3Tls> pop3Tls(ConfigNode n, Optional<ServerTls> server) throws ConfigException {
        Optional<InetSocketAddress> listen = n.optionalString("listen").isPresent()
                ? Optional.of(n.address("listen", "")) : Optional.empty();
        boolean require = n.bool("require", false);
        if (server.isEmpty()) {
            if (listen.isPresent()) {
                throw ConfigException.at(n.key("listen"), "POP3S needs a certificate: set tls.certificate and tls.private-key");
            }
            if (require) {
                throw ConfigException.at(n.key("require"), "requiring TLS needs a certificate: set tls.certificate and tls.private-key");
            }
            return Optional.empty();
        }
        return Optional.of(new Pop3Tls(server.get(), listen, require));
    }

    private static EdgeConfig.Central central(ConfigNode n) throws ConfigException {
        String host = n.string("host", "127.0.0.1");
        int port = n.integer("port", 110, 1, 65535);
        CentralEndpoint endpoint = new CentralEndpoint(host, port,
                n.duration("connect-timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5)),
                n.duration("read-timeout", Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofMinutes(30)),
                n.integer("max-line-length", 8192, 512, 1 << 20),
                n.size("max-response-size", 64L << 20, 1L << 10, 1L << 31));
        return new EdgeConfig.Central(endpoint.withTls(centralTls(n.section("tls"))), n.integer("max-sessions", 64, 1, 4096),
                n.choice("forward-client-address", OriginForwarding.NONE, OriginForwarding.class));
    }

    /**
     * TLS towards the central server. Certificates are always verified, against the JDK's
     * trust store or {@code ca-file}, and the host name against {@code central.host}.
     */
    private static CentralTls centralTls(ConfigNode n) throws ConfigException {
        CentralTls.Mode mode = n.choice("mode", CentralTls.Mode.NONE, CentralTls.Mode.class);
        Optional<String> caFile = n.optionalString("ca-file");
        if (mode == CentralTls.Mode.NONE) {
            if (caFile.isPresent()) {
                throw ConfigException.at(n.key("ca-file"), "is used only with central.tls.mode implicit or starttls");
            }
            return CentralTls.NONE;
        }
        try {
            return new CentralTls(mode, caFile.isPresent() ? ClientTls.trusting(Path.of(caFile.get())) : ClientTls.jdkTrust());
        } catch (TlsMaterialException e) {
            throw ConfigException.at(n.key("ca-file"), e.getMessage());
        }
    }

    private static EdgeConfig.Attenuation attenuation(ConfigNode n) throws ConfigException {
        Mode mode = n.choice("mode", Mode.ATTENUATE, Mode.class);
        Policy policy = n.choice("policy", Policy.TIME, Policy.class);
        Duration interval = n.duration("interval", Duration.ofMinutes(15), Duration.ZERO, Duration.ofDays(1));
        int m = n.integer("one-in-m", 4, 1, 10_000);
        EdgeConfig.Attenuation.Adaptive adaptive = adaptive(n.section("adaptive"));
        Optional<FastCheck> fastCheck = fastCheck(n.section("fast-check"));
        DelayRule delay = delay(n.section("delay"));
        List<ModeException> exceptions = new ArrayList<>();
        for (ConfigNode item : n.sections("exceptions")) {
            exceptions.add(modeException(item));
        }
        ModeSelector modes = new ModeSelector(mode, exceptions);
        if (policy == Policy.ONE_IN_M && (modes.anyUses(Mode.DELAY) || modes.anyUses(Mode.REJECT))) {
            throw ConfigException.at(n.key("policy"), "one-in-m has no interval, which delay and reject modes need"
                    + " (attenuation.mode or an exception uses them); use time or adaptive");
        }
        return new EdgeConfig.Attenuation(modes, policy, interval, m, adaptive, fastCheck, delay);
    }

    private static EdgeConfig.Attenuation.Adaptive adaptive(ConfigNode n) throws ConfigException {
        Duration min = n.duration("min-interval", Duration.ofMinutes(5), Duration.ZERO, Duration.ofDays(1));
        Duration max = n.duration("max-interval", Duration.ofMinutes(30), Duration.ZERO, Duration.ofDays(1));
        if (max.compareTo(min) < 0) {
            throw ConfigException.at(n.key("max-interval"), "must be at least attenuation.adaptive.min-interval (" + min + ")");
        }
        double low = n.number("low-rate", 50, 0, 1_000_000);
        double high = n.number("high-rate", 200, 0, 1_000_000);
        if (high <= low) {
            throw ConfigException.at(n.key("high-rate"), "must be more than attenuation.adaptive.low-rate (" + low + ")");
        }
        return new EdgeConfig.Attenuation.Adaptive(min, max, low, high,
                n.duration("smoothing", Duration.ofMillis(LoadSignal.DEFAULT_TAU_MILLIS), Duration.ofSeconds(10), Duration.ofHours(1)));
    }

    private static Optional<FastCheck> fastCheck(ConfigNode n) throws ConfigException {
        boolean enabled = n.bool("enabled", false);
        int checks = n.integer("checks", FastCheck.DEFAULT_CHECKS, 2, 5);
        Duration window = n.duration("window", FastCheck.DEFAULT_WINDOW, Duration.ofSeconds(1), Duration.ofMinutes(10));
        Duration lockout = n.duration("lockout", FastCheck.DEFAULT_LOCKOUT, Duration.ofSeconds(1), Duration.ofDays(1));
        if (lockout.compareTo(window) <= 0) {
            throw ConfigException.at(n.key("lockout"), "must be longer than attenuation.fast-check.window (" + window + ")");
        }
        double metronomic = n.number("metronomic-below", RhythmClassifier.DEFAULT_METRONOMIC_BELOW, 0, 1);
        return enabled ? Optional.of(new FastCheck(checks, window, lockout, new RhythmClassifier(metronomic))) : Optional.empty();
    }

    private static DelayRule delay(ConfigNode n) throws ConfigException {
        return new DelayRule(
                n.duration("step", DelayRule.DEFAULT_STEP, Duration.ofMillis(100), Duration.ofMinutes(10)),
                n.duration("max-total", DelayRule.DEFAULT_MAX_TOTAL, Duration.ZERO, Duration.ofMinutes(10)),
                // most clients give up on a reply after 60 s
                n.duration("max-per-reply", DelayRule.DEFAULT_MAX_PER_REPLY, Duration.ofMillis(100), Duration.ofSeconds(59)));
    }

    private static ModeException modeException(ConfigNode n) throws ConfigException {
        Set<String> users = new HashSet<>(n.strings("users", List.of()));
        List<NetworkRange> networks = networks(n, "networks", List.of());
        Mode mode = n.choice("mode", Mode.OFF, Mode.class);
        if (users.isEmpty() && networks.isEmpty()) {
            throw ConfigException.at(n.key("users"), "an exception needs users or networks (or both)");
        }
        return new ModeException(users, networks, mode);
    }

    private static List<NetworkRange> networks(ConfigNode n, String key, List<String> fallback) throws ConfigException {
        List<NetworkRange> out = new ArrayList<>();
        for (String cidr : n.strings(key, fallback)) {
            try {
                out.add(NetworkRange.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw ConfigException.at(n.key(key), "'" + cidr + "' is not an address or CIDR range (" + e.getMessage() + ")");
            }
        }
        return List.copyOf(out);
    }

    private static EdgeConfig.Auth auth(ConfigNode n) throws ConfigException {
        Duration first = n.duration("failure-delay", Duration.ofSeconds(2), Duration.ZERO, Duration.ofMinutes(1));
        Duration max = n.duration("failure-delay-max", Duration.ofSeconds(15), Duration.ZERO, Duration.ofMinutes(5));
        if (max.compareTo(first) < 0) {
            throw ConfigException.at(n.key("failure-delay-max"), "must be at least auth.failure-delay (" + first + ")");
        }
        return new EdgeConfig.Auth(first, max,
                n.duration("failure-memory", Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofDays(1)));
    }

    private enum NotifyTlsMode { NONE, OPTIONAL, REQUIRED }

    /** STARTTLS with the node's certificate, and AUTH PLAIN/LOGIN against a users file; each optional. */
    private static NotifySecurity notifySecurity(ConfigNode n, Optional<ServerTls> serverTls) throws ConfigException {
        ConfigNode tls = n.section("tls");
        NotifyTlsMode mode = tls.choice("mode", NotifyTlsMode.NONE, NotifyTlsMode.class);
        if (mode != NotifyTlsMode.NONE && serverTls.isEmpty()) {
            throw ConfigException.at(tls.key("mode"), "STARTTLS needs a certificate: set tls.certificate and tls.private-key");
        }
        Optional<String> usersFile = n.section("auth").optionalString("users-file");
        Optional<UsernamePasswordValidator> users = Optional.empty();
        if (usersFile.isPresent()) {
            try {
                users = Optional.of(UsersFile.load(Path.of(usersFile.get())));
            } catch (IOException e) {
                throw ConfigException.at(n.key("auth.users-file"), e.getMessage());
            }
        }
        Optional<SSLSocketCreator> startTls = mode == NotifyTlsMode.NONE
                ? Optional.empty() : Optional.of(serverTls.get()::layer);
        return new NotifySecurity(startTls, mode == NotifyTlsMode.REQUIRED, users);
    }

    private static EdgeConfig.Notifications notifications(ConfigNode n, String hostName, Optional<ServerTls> serverTls)
            throws ConfigException {
        boolean enabled = n.bool("enabled", true);
        InetSocketAddress listen = n.address("listen", "127.0.0.1:2525");
        List<NetworkRange> allowed = networks(n, "allowed-networks", List.of("127.0.0.0/8", "::1/128"));
        NotifyListenerConfig listener = new NotifyListenerConfig(listen.getAddress(), listen.getPort(), allowed,
                (int) n.size("max-message-size", NotifyListenerConfig.DEFAULT_MAX_MESSAGE_BYTES,
                        NotifyListenerConfig.MIN_MAX_MESSAGE_BYTES, NotifyListenerConfig.MAX_MAX_MESSAGE_BYTES),
                n.integer("max-recipients", NotifyListenerConfig.DEFAULT_MAX_RECIPIENTS, 1, NotifyListenerConfig.MAX_MAX_RECIPIENTS),
                n.integer("max-per-minute-per-source", NotifyListenerConfig.DEFAULT_MAX_TRANSACTIONS_PER_MINUTE_PER_SOURCE, 1,
                        NotifyListenerConfig.MAX_MAX_TRANSACTIONS_PER_MINUTE_PER_SOURCE),
                n.duration("connection-timeout", NotifyListenerConfig.DEFAULT_CONNECTION_TIMEOUT,
                        NotifyListenerConfig.MIN_CONNECTION_TIMEOUT, NotifyListenerConfig.MAX_CONNECTION_TIMEOUT),
                hostName, notifySecurity(n, serverTls));
        return new EdgeConfig.Notifications(enabled, listener);
    }

    /** A DNS domain name: dot-separated labels of letters, digits and inner hyphens (RFC 1035 §2.3.1, RFC 1123 §2.1). */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private static NoticeSettings notices(ConfigNode n, EdgeConfig.Node node, EdgeConfig.Attenuation attenuation,
                                          EdgeConfig.Cache cache, EdgeConfig.Admin admin) throws ConfigException {
        Optional<NoticeSettings.Relay> relay = Optional.empty();
        Optional<String> relayText = n.optionalString("relay");
        if (relayText.isPresent()) {
            String text = relayText.get().trim();
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? "" : text.substring(0, colon).replace("[", "").replace("]", "");
            int port = -1;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                // reported below
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw ConfigException.at(n.key("relay"), "must be host:port of an SMTP relay with a port from 1 to 65535, found '" + text + "'");
            }
            relay = Optional.of(new NoticeSettings.Relay(host, port));
        }
        boolean enabled = n.bool("enabled", relay.isPresent());
        Optional<String> domain = n.optionalString("domain");
        if (domain.isPresent() && !DOMAIN.matcher(domain.get()).matches()) {
            throw ConfigException.at(n.key("domain"), "must be a domain name such as isp.example, found '" + domain.get() + "'");
        }
        String from = n.string("from", "postmaster@" + domain.orElse(node.hostName()));
        try {
            new InternetAddress(from, true).validate();
        } catch (AddressException e) {
            throw ConfigException.at(n.key("from"), "must be a mail address such as postmaster@isp.example or \"Mail Service <postmaster@isp.example>\", found '" + from + "'");
        }
        Duration period = n.duration("period", Duration.ofDays(1), Duration.ofHours(1), Duration.ofDays(30));
        // what the node advertises as LOGIN-DELAY (the time rule's n, the adaptive rule's largest), else n
        Duration interval = attenuation.loginDelaySeconds().map(Duration::ofSeconds).orElse(attenuation.interval());
        Duration desired = n.duration("desired-interval", interval.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : interval,
                Duration.ofMinutes(1), Duration.ofDays(1));
        Optional<URI> helpUrl = Optional.empty();
        Optional<String> helpText = n.optionalString("help-url");
        if (helpText.isPresent()) {
            URI uri = null;
            try {
                uri = new URI(helpText.get().trim());
            } catch (URISyntaxException e) {
                // reported below
            }
            if (uri == null || uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw ConfigException.at(n.key("help-url"), "must be an http or https URL such as https://www.isp.example/help/mail-check, found '" + helpText.get() + "'");
            }
            helpUrl = Optional.of(uri);
        }
        Duration sweep = n.duration("sweep-interval", Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofHours(1));
        Duration timeout = n.duration("relay-timeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMinutes(5));
        if (enabled) {
            if (relay.isEmpty()) {
                throw ConfigException.at(n.key("relay"), "is required when notices.enabled is true: host:port of the SMTP relay that takes the notices");
            }
            if (!cache.enabled()) {
                throw ConfigException.at(n.key("enabled"), "needs cache.enabled: true, because the time of each user's last notice is kept in the store");
            }
            if (helpUrl.isEmpty() && !admin.enabled()) {
                throw ConfigException.at(n.key("help-url"), "is required when admin.enabled is false (the default link is the admin server's help page)");
            }
        }
        return new NoticeSettings(enabled, relay, from, domain, period, desired, helpUrl, sweep, timeout);
    }
}
