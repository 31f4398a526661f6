package org.mailedge.db.deletes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailedge.db.H2StoreFixture;
import org.mailedge.db.JdbcEdgeStore;

/** The node's default queue: one durable file per entry ({@link FileDeleteQueue}). */
class H2DeleteQueueTest extends H2StoreFixture implements DeleteQueueContract {

    @Override
    public DeleteQueue queue() {
        return edgeStore.deletes();
    }

    @Test
    void entriesTheirAttemptsAndIdsSurviveARestart() {
        queue().enqueue("alice", List.of("u1", "u2"), T0);
        PendingDelete first = queue().pending("alice").get(0);
        queue().failed(first.id(), T0.plusSeconds(30));
        queue().done("alice", "u2");
        List<PendingDelete> before = queue().pending("alice");
        reopen();
        assertThat(queue().pending("alice")).isEqualTo(before);
        queue().enqueue("alice", List.of("u3"), T0);
        assertThat(queue().pending("alice")).extracting(PendingDelete::id).doesNotHaveDuplicates();
    }

    @Test
    void userNamesAndUidsWithAnyCharacterRoundTrip() {
        String user = "ünïcødé user=with:odd\\chars#and spaces/" + "x".repeat(300);
        queue().enqueue(user, List.of("uid=1:#!"), T0);
        reopen();
        assertThat(queue().pendingUids(user)).containsExactly("uid=1:#!");
    }

    @Test
    void aFileLeftHalfWrittenIsDeletedAtStart() throws IOException {
        queue().enqueue("alice", List.of("u1"), T0);
        Path partial = Files.write(dataDirectory.resolve(JdbcEdgeStore.DELETE_QUEUE_DIRECTORY)
                .resolve("abc.del.1234.tmp"), new byte[] {1});
        reopen();
        assertThat(partial).doesNotExist();
        assertThat(queue().pendingUids("alice")).containsExactly("u1");
    }
}
