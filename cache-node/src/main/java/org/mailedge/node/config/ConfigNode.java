package org.mailedge.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One section of the YAML tree, read key by key with validation. Every error names the
 * full key ({@code central.read-timeout}) and what is allowed; a key nobody read is an
 * error too, so a typo never silently falls back to a default.
 */
final class ConfigNode {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    private final String path;
    private final JsonNode node;
    private final Set<String> read = new HashSet<>();
    private final List<ConfigNode> children = new ArrayList<>();

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
    }

    ConfigNode section(String name) throws ConfigException {
        JsonNode child = take(name);
        if (!child.isMissingNode() && !child.isObject()) {
            throw ConfigException.at(key(name), "must be a section of keys, found '" + child.asText() + "'");
        }
        ConfigNode section = new ConfigNode(key(name), child);
        children.add(section);
        return section;
    }

    /** A list of sections, each named {@code name[i]} in errors. */
    List<ConfigNode> sections(String name) throws ConfigException {
        JsonNode value = take(name);
        if (value.isMissingNode()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ConfigException.at(key(name), "must be a list of sections");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String itemKey = key(name) + "[" + i + "]";
            if (!value.get(i).isObject()) {
                throw ConfigException.at(itemKey, "must be a section of keys, found '" + value.get(i).asText() + "'");
            }
            ConfigNode item = new ConfigNode(itemKey, value.get(i));
            children.add(item);
            out.add(item);
        }
        return out;
    }

    /** A decimal number such as 0.1 or 50. */
    double number(String name, double fallback, double min, double max) throws ConfigException {
        JsonNode value = take(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw ConfigException.at(key(name), "must be a number from " + min + " to " + max + ", found '" + value.asText() + "'");
        }
        return value.asDouble();
    }

    String string(String name, String fallback) throws ConfigException {
        JsonNode value = take(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw ConfigException.at(key(name), "must be a non-empty text");
        }
        return value.asText();
    }

    /** A text that may be absent or empty (passwords of embedded databases). */
    Optional<String> optionalString(String name) throws ConfigException {
        JsonNode value = take(name);
        if (value.isMissingNode()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw ConfigException.at(key(name), "must be a text");
        }
        return Optional.of(value.asText());
    }

    boolean bool(String name, boolean fallback) throws ConfigException {
        JsonNode value = take(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw ConfigException.at(key(name), "must be true or false, found '" + value.asText() + "'");
        }
        return value.asBoolean();
    }

    int integer(String name, int fallback, int min, int max) throws ConfigException {
        JsonNode value = take(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < min || value.asInt() > max) {
            throw ConfigException.at(key(name), "must be a whole number from " + min + " to " + max + ", found '" + value.asText() + "'");
        }
        return value.asInt();
    }

    Duration duration(String name, Duration fallback, Duration min, Duration max) throws ConfigException {
        JsonNode value = take(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        Optional<Duration> maybe = value.isTextual() ? Durations.parse(value.asText()) : Optional.empty();
        if (maybe.isEmpty()) {
            throw ConfigException.at(key(name), "must be a duration such as " + Durations.FORMS + ", found '" + value.asText() + "'");
        }
        Duration parsed = maybe.get();
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            throw ConfigException.at(key(name), "must be from " + human(min) + " to " + human(max) + ", found '" + value.asText() + "'");
        }
        return parsed;
    }

    long size(String name, long fallback, long min, long max) throws ConfigException {
        JsonNode value = take(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(value.asText().trim());
        if (!m.matches()) {
            throw ConfigException.at(key(name), "must be a size such as 65536, 64KiB or 64MiB, found '" + value.asText() + "'");
        }
        long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L;
        };
        long parsed = Long.parseLong(m.group(1)) * unit;
        if (parsed < min || parsed > max) {
            throw ConfigException.at(key(name), "must be from " + min + " to " + max + " bytes, found '" + value.asText() + "'");
        }
        return parsed;
    }

    /** {@code host:port}, {@code [v6]:port}; port 0 picks a free port. */
    InetSocketAddress address(String name, String fallback) throws ConfigException {
        String text = string(name, fallback);
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon).replace("[", "").replace("]", "");
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (host.isEmpty() || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw ConfigException.at(key(name), "must be host:port with a port from 0 to 65535, found '" + text + "'");
        }
    }

    List<String> strings(String name, List<String> fallback) throws ConfigException {
        JsonNode value = take(name);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isArray()) {
            throw ConfigException.at(key(name), "must be a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            out.add(item.asText());
        }
        return out;
    }

    <E extends Enum<E>> E choice(String name, E fallback, Class<E> type) throws ConfigException {
        JsonNode raw = node.get(name);
        // YAML 1.1 reads a bare off/on/no/yes as a boolean: "mode: off" means the word
        String text = raw != null && raw.isBoolean()
                ? (take(name).asBoolean() ? "on" : "off")
                : string(name, fallback.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(text)) {
                return candidate;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E candidate : type.getEnumConstants()) {
            allowed.add(candidate.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw ConfigException.at(key(name), "must be one of " + String.join(", ", allowed) + ", found '" + text + "'");
    }

    /** Fails on the first key of this section or below that no reader asked for. */
    void rejectUnknownKeys() throws ConfigException {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw ConfigException.at(key(first), "unknown key; known keys here: " + String.join(", ", new TreeSet<>(read)));
        }
        for (ConfigNode child : children) {
            child.rejectUnknownKeys();
        }
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private JsonNode take(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? MissingNode.getInstance() : value;
    }

    private static String human(Duration d) {
        if (d.toMillis() % 60_000 == 0 && d.toMinutes() > 0) {
            return d.toMinutes() + "m";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
