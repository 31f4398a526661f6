package org.mailedge.db.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mailedge.db.H2StoreFixture;
import org.mailedge.db.JdbcEdgeStore;
import org.mailedge.db.users.UserDirectory;

/** The node's default cache: message files indexed by H2 ({@link FileMessageStore}). */
class H2MessageStoreTest extends H2StoreFixture implements MessageStoreContract {

    @Override
    public MessageStore store() {
        return edgeStore.messages();
    }

    @Override
    public UserDirectory users() {
        return edgeStore.users();
    }

    @Test
    void theDefaultStoreKeepsContentInFilesNotInTheDatabase() throws IOException {
        store().put("alice", "a1", MessageStoreContract.ascii("hello\r\n"), T0);
        assertThat(store()).isInstanceOf(FileMessageStore.class);
        assertThat(messageFiles()).hasSize(1);
    }

    /** What start-up repairs after a crash between the two steps of a put or a remove. */
    @Nested
    class RepairAtStart {

        @Test
        void aWholeMessageFileWhoseIndexRowWasLostIsIndexedAgain() throws SQLException {
            byte[] content = MessageStoreContract.message(7, 150_000);
            store().put("alice", "a1", content, T0);
            sql("DELETE FROM cached_message");
            reopen();
            assertThat(store().list("alice")).containsExactly(new CachedMessage("alice", "a1", content.length, T0));
            assertThat(store().content("alice", "a1")).hasValueSatisfying(c -> assertThat(c).isEqualTo(content));
        }

        @Test
        void anIndexRowWhoseFileIsGoneIsDropped() throws IOException {
            store().put("alice", "a1", MessageStoreContract.ascii("x"), T0);
            store().put("alice", "a2", MessageStoreContract.ascii("y"), T0);
            Files.delete(FileMessageStore.file(dataDirectory.resolve(JdbcEdgeStore.MESSAGES_DIRECTORY), "alice", "a1"));
            reopen();
            assertThat(store().list("alice")).extracting(CachedMessage::uid).containsExactly("a2");
            assertThat(store().bytes("alice")).isEqualTo(1);
        }

        @Test
        void aFileLeftHalfWrittenIsDeleted() throws IOException {
            store().put("alice", "a1", MessageStoreContract.ascii("x"), T0);
            Path shard = messageFiles().get(0).getParent();
            Path partial = Files.write(shard.resolve("0123.msg.5f0e.tmp"), new byte[] {1, 2, 3});
            reopen();
            assertThat(partial).doesNotExist();
            assertThat(store().list("alice")).hasSize(1);
        }
    }

    private List<Path> messageFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dataDirectory.resolve(JdbcEdgeStore.MESSAGES_DIRECTORY))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = edgeStore.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
