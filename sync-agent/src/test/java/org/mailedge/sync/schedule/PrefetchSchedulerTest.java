package org.mailedge.sync.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailedge.db.EdgeStore;
import org.mailedge.db.prefetch.PrefetchRun;
import org.mailedge.sync.credentials.CentralCredentials;
import org.mailedge.sync.prefetch.PrefetchConfig;
import org.mailedge.sync.prefetch.PrefetchOutcome;
import org.mailedge.sync.prefetch.PrefetchProgress;
import org.mailedge.sync.prefetch.Prefetcher;
import org.mailedge.sync.testsupport.Await;
import org.mailedge.sync.testsupport.CredentialsFiles;
import org.mailedge.sync.testsupport.EdgeStoreFixture;
import org.mailedge.sync.testsupport.GreenMailCentral;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;

/** The schedule in Quartz's JDBC job store on the real H2 store; runs against GreenMail. */
class PrefetchSchedulerTest {

    private static final String NODE = "edge-1";
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Duration FOUR_HOURS = Duration.ofHours(4);

    @TempDir
    Path dir;

    private GreenMailCentral central;
    private CentralCredentials credentials;
    private EdgeStore store;
    private PrefetchScheduler scheduler;

    @BeforeEach
    void setUp() throws Exception {
        central = new GreenMailCentral();
        central.addUser("alice", "Alice-Pa55");
        central.addUser("bob", "Bob-Pa55");
        credentials = CredentialsFiles.load(dir, "alice Alice-Pa55\nbob Bob-Pa55\n");
        store = EdgeStoreFixture.open(dir.resolve("store"));
        store.users().setHome("alice", NODE);
        store.users().setHome("bob", NODE);
        scheduler = startScheduler();
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
        store.close();
        central.close();
    }

    private PrefetchScheduler startScheduler() {
        Prefetcher prefetcher = new Prefetcher(store, central.endpoint(), credentials, PrefetchConfig.defaults(NODE));
        return PrefetchScheduler.start(store, prefetcher, SchedulerConfig.defaults().withTimeZone(ZONE));
    }

    /** @return the newest finished run (a schedule firing every second may have started another) */
    private PrefetchRun awaitFinishedRuns(int count) {
        Await.until(count + " finished prefetch runs", () -> store.prefetchRuns().recent(count + 1).stream()
                .filter(run -> run.finishedAt().isPresent()).count() >= count);
        return store.prefetchRuns().recent(count + 1).stream().filter(run -> run.finishedAt().isPresent())
                .findFirst().orElseThrow();
    }

    @Nested
    class Schedule {

        @Test
        void thereIsNoScheduleUntilOneIsSet() {
            assertThat(scheduler.schedule()).isEmpty();
        }

        @Test
        void aScheduleIsStoredWithItsWindowAndNextFireTime() {
            ScheduleView view = scheduler.setSchedule("0 0 2 * * ?", FOUR_HOURS);

            assertThat(view.cron()).isEqualTo("0 0 2 * * ?");
            assertThat(view.maxDuration()).isEqualTo(FOUR_HOURS);
            assertThat(view.timeZone()).isEqualTo(ZONE);
            assertThat(view.paused()).isFalse();
            assertThat(view.previousFireTime()).isEmpty();
            ZonedDateTime next = view.nextFireTime().orElseThrow().atZone(ZONE);
            assertThat(next.getHour()).isEqualTo(2);
            assertThat(next.getMinute()).isZero();
            assertThat(scheduler.schedule()).contains(view);
        }

        @Test
        void settingAgainReplacesTheSchedule() {
            scheduler.setSchedule("0 0 2 * * ?", FOUR_HOURS);

            scheduler.setSchedule("0 30 1 ? * MON-FRI", Duration.ofMinutes(90));

            ScheduleView view = scheduler.schedule().orElseThrow();
            assertThat(view.cron()).isEqualTo("0 30 1 ? * MON-FRI");
            assertThat(view.maxDuration()).isEqualTo(Duration.ofMinutes(90));
        }

        @Test
        void pauseAndResumeAreShownInTheSchedule() {
            scheduler.setSchedule("0 0 2 * * ?", FOUR_HOURS);

            scheduler.pause();
            assertThat(scheduler.schedule().orElseThrow().paused()).isTrue();

            scheduler.resume();
            assertThat(scheduler.schedule().orElseThrow().paused()).isFalse();
        }

        @Test
        void aPausedScheduleStaysPausedWhenItIsReplaced() {
            scheduler.setSchedule("0 0 2 * * ?", FOUR_HOURS);
            scheduler.pause();

            ScheduleView view = scheduler.setSchedule("0 0 3 * * ?", FOUR_HOURS);

            assertThat(view.paused()).isTrue();
        }

        @Test
        void theScheduleSurvivesARestartOfSchedulerAndStore() {
            ScheduleView before = scheduler.setSchedule("0 30 3 * * ?", Duration.ofHours(2));
            scheduler.pause();
            scheduler.close();
            store.close();

            store = EdgeStoreFixture.open(dir.resolve("store"));
            scheduler = startScheduler();

            ScheduleView after = scheduler.schedule().orElseThrow();
            assertThat(after.cron()).isEqualTo("0 30 3 * * ?");
            assertThat(after.maxDuration()).isEqualTo(Duration.ofHours(2));
            assertThat(after.timeZone()).isEqualTo(ZONE);
            assertThat(after.paused()).isTrue();
            assertThat(after.nextFireTime()).isEqualTo(before.nextFireTime());
        }

        @Test
        void aRunTheLastNodeDidNotLiveToFinishIsRecordedAsInterruptedAtTheNextStart() {
            scheduler.close();
            // what a SIGKILL during a run leaves: a run with no end
            long cut = store.prefetchRuns().start(java.time.Instant.parse("2026-12-03T02:00:00Z"), 2);
            store.prefetchRuns().progress(cut, 1, 3, 3_000);

            scheduler = startScheduler();

            PrefetchRun run = store.prefetchRuns().find(cut).orElseThrow();
            assertThat(run.finishedAt()).isPresent();
            assertThat(run.outcome()).hasValue(PrefetchScheduler.INTERRUPTED);
            assertThat(scheduler.progress().orElseThrow().running()).isFalse();
        }

        @Test
        void theScheduleFiresAPrefetchRunWithItsWindow() throws Exception {
            central.deliver("alice", "hello", "hi\r\n");

            scheduler.setSchedule("* * * * * ?", Duration.ofMinutes(5));

            PrefetchRun run = awaitFinishedRuns(1);
            assertThat(run.outcome()).contains(PrefetchOutcome.COMPLETED);
            assertThat(store.messages().list("alice")).hasSize(1);
            scheduler.pause();
            Await.until("the schedule records that it fired",
                    () -> scheduler.schedule().orElseThrow().previousFireTime().isPresent());
        }
    }

    @Nested
    class InvalidSchedules {

        @Test
        void aFiveFieldUnixCronLineIsRefusedWithAnExplanationAndAnExample() {
            assertThatThrownBy(() -> scheduler.setSchedule("0 2 * * *", FOUR_HOURS))
                    .isInstanceOf(InvalidScheduleException.class)
                    .hasMessageContaining("\"0 2 * * *\"")
                    .hasMessageContaining("5 fields")
                    .hasMessageContaining("seconds")
                    .hasMessageContaining("\"0 0 2 * * ?\" = 02:00 every day");
            assertThat(scheduler.schedule()).isEmpty();
        }

        @Test
        void anOutOfRangeFieldIsRefusedWithQuartzsReason() {
            assertThatThrownBy(() -> scheduler.setSchedule("0 0 25 * * ?", FOUR_HOURS))
                    .isInstanceOf(InvalidScheduleException.class)
                    .hasMessageContaining("\"0 0 25 * * ?\"")
                    .hasMessageContaining("Hour")
                    .hasMessageContaining("\"0 0 2 * * ?\" = 02:00 every day");
        }

        @Test
        void bothDayOfMonthAndDayOfWeekAreRefused() {
            assertThatThrownBy(() -> scheduler.setSchedule("0 0 2 1 * MON", FOUR_HOURS))
                    .isInstanceOf(InvalidScheduleException.class)
                    .hasMessageContaining("day-of-week AND a day-of-month")
                    .hasMessageContaining("?");
        }

        @Test
        void anExpressionThatNeverFiresAgainIsRefused() {
            assertThatThrownBy(() -> scheduler.setSchedule("0 0 2 * * ? 2001", FOUR_HOURS))
                    .isInstanceOf(InvalidScheduleException.class)
                    .hasMessageContaining("never fires again");
        }

        @Test
        void anEmptyExpressionIsRefused() {
            assertThatThrownBy(() -> scheduler.setSchedule("  ", FOUR_HOURS))
                    .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("empty");
        }

        @Test
        void aNonPositiveWindowIsRefused() {
            assertThatThrownBy(() -> scheduler.setSchedule("0 0 2 * * ?", Duration.ZERO))
                    .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("positive");
        }
    }

    @Nested
    class RunNow {

        @Test
        void runNowForOneUserPrefetchesThatUserOnly() throws Exception {
            central.deliver("alice", "a1", "for alice\r\n");
            central.deliver("bob", "b1", "for bob\r\n");
            central.deliver("bob", "b2", "for bob again\r\n");

            scheduler.runNow(Optional.of("bob"));

            PrefetchRun run = awaitFinishedRuns(1);
            assertThat(run.usersPlanned()).isEqualTo(1);
            assertThat(run.messages()).isEqualTo(2);
            assertThat(store.messages().list("bob")).hasSize(2);
            assertThat(store.messages().list("alice")).isEmpty();
        }

        @Test
        void runNowForAllUsersPrefetchesEveryUserPlacedHere() throws Exception {
            central.deliver("alice", "a1", "for alice\r\n");
            central.deliver("bob", "b1", "for bob\r\n");

            scheduler.runNow(Optional.empty());

            PrefetchRun run = awaitFinishedRuns(1);
            assertThat(run.usersPlanned()).isEqualTo(2);
            assertThat(run.outcome()).contains(PrefetchOutcome.COMPLETED);
            assertThat(store.messages().totalBytes()).isPositive();
        }

        @Test
        void runNowWorksWhileTheScheduleIsPaused() throws Exception {
            central.deliver("alice", "a1", "for alice\r\n");
            scheduler.setSchedule("0 0 2 * * ?", FOUR_HOURS);
            scheduler.pause();

            scheduler.runNow(Optional.of("alice"));

            awaitFinishedRuns(1);
            assertThat(store.messages().list("alice")).hasSize(1);
        }

        @Test
        void progressShowsTheLatestRunWhenNothingRuns() throws Exception {
            assertThat(scheduler.progress()).isEmpty();
            central.deliver("alice", "a1", "for alice\r\n");
            scheduler.runNow(Optional.empty());
            PrefetchRun run = awaitFinishedRuns(1);

            PrefetchProgress progress = scheduler.progress().orElseThrow();

            assertThat(progress.running()).isFalse();
            assertThat(progress.run()).isEqualTo(run);
            assertThat(progress.bytesPerSecond()).isGreaterThanOrEqualTo(0);
        }

        @Test
        void aBlankUserIsRefused() {
            assertThatThrownBy(() -> scheduler.runNow(Optional.of(" ")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aClusteredSchedulerRunsOnTheSharedStore() throws Exception {
        central.deliver("alice", "a1", "for alice\r\n");
        scheduler.close();
        Prefetcher prefetcher = new Prefetcher(store, central.endpoint(), credentials, PrefetchConfig.defaults(NODE));
        scheduler = PrefetchScheduler.start(store, prefetcher,
                SchedulerConfig.defaults().withTimeZone(ZONE).withClustered(true));

        scheduler.setSchedule("0 0 2 * * ?", FOUR_HOURS);
        scheduler.runNow(Optional.empty());

        assertThat(awaitFinishedRuns(1).outcome()).contains(PrefetchOutcome.COMPLETED);
        assertThat(store.messages().list("alice")).hasSize(1);
    }

    @Test
    void quartzIsToldTheDelegateItDocumentsForH2() {
        assertThat(PrefetchScheduler.detectDelegate(store.dataSource())).isEqualTo(StdJDBCDelegate.class.getName());
    }
}
