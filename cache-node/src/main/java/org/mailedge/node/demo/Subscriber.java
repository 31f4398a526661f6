package org.mailedge.node.demo;

import java.util.Locale;

/**
 * One simulated subscriber: a mailbox at the central server and the client that polls it.
 *
 * @param randomSeed seeds this subscriber's own random stream (first-check offset, irregular
 *                   intervals), so its behaviour does not depend on the order in which the
 *                   scheduler happens to run the others
 */
record Subscriber(String login, String password, PollingProfile profile, long randomSeed) {

    static String login(int number) {
        return String.format(Locale.ROOT, "sub%04d", number);
    }

    static String password(String login) {
        return "pw-" + login;
    }

    /** The address GreenMail delivers to; its local part is the POP3 login. */
    String centralAddress() {
        return login + "@" + DemoEnvironment.CENTRAL_DOMAIN;
    }

    /** The recipient of a new-mail notification to the edge: the local part names the user. */
    String notificationAddress() {
        return login + "@" + DemoEnvironment.EDGE_DOMAIN;
    }
}
