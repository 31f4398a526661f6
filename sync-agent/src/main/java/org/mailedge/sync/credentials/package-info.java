/**
 * The credentials the edge uses for its <em>own</em> central sessions: prefetch and the
 * background propagation of queued deletes, which run with no subscriber present and so
 * have no relayed password.
 *
 * <p>Two sources, chosen by configuration ({@link org.mailedge.sync.credentials.CredentialsConfig}):
 * a Dovecot-style master user ({@code user*master} with the master password), or a file of
 * per-user passwords that the operator supplies. Passwords are held in memory only, never
 * logged, and never appear in an exception message or a {@code toString()}.
 */
package org.mailedge.sync.credentials;
