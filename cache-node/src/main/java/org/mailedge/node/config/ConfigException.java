package org.mailedge.node.config;

/** An invalid configuration: the message names the key, what was found and what is allowed. */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }

    static ConfigException at(String key, String problem) {
        return new ConfigException(key + ": " + problem);
    }
}
