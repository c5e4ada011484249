// The sd_notify side of the kiosk's processes: reading WATCHDOG_USEC / WATCHDOG_PID, when a
// WATCHDOG=1 is due, and real datagrams received on a socket bound the way systemd binds its
// own (a path, and the abstract '@' form), with the sender's pid checked from the kernel.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>

#include "core/service_notify.h"
#include "notify_socket.h"
#include "temp_dir.h"

using namespace feedback::core;
using feedback::testing::NotifySocket;
using feedback::testing::TempDir;

TEST_CASE("WATCHDOG_USEC is a positive number of microseconds", "[service-notify]") {
    CHECK(parse_watchdog_usec("30000000") == 30'000'000);
    CHECK(parse_watchdog_usec("1") == 1);
    CHECK_FALSE(parse_watchdog_usec(std::nullopt));
    CHECK_FALSE(parse_watchdog_usec(""));
    CHECK_FALSE(parse_watchdog_usec("0"));
    CHECK_FALSE(parse_watchdog_usec("-5"));
    CHECK_FALSE(parse_watchdog_usec("+5"));
    CHECK_FALSE(parse_watchdog_usec(" 5"));
    CHECK_FALSE(parse_watchdog_usec("5s"));
    CHECK_FALSE(parse_watchdog_usec("30.5"));
    CHECK_FALSE(parse_watchdog_usec("99999999999999999999999"));  // beyond 64 bits
    CHECK_FALSE(parse_watchdog_usec("infinity"));
}

TEST_CASE("WATCHDOG_PID decides whose watchdog it is", "[service-notify]") {
    const WatchdogOwner strict{1234, std::nullopt};
    const WatchdogOwner under_launcher{1234, 77};

    // Unset: anyone who reads WATCHDOG_USEC serves it.
    CHECK(watchdog_timeout_usec("2000000", std::nullopt, strict) == 2'000'000);
    // Ours.
    CHECK(watchdog_timeout_usec("2000000", "1234", strict) == 2'000'000);
    // Another process's: we inherited its environment and must not ping for it.
    CHECK_FALSE(watchdog_timeout_usec("2000000", "77", strict));
    CHECK_FALSE(watchdog_timeout_usec("2000000", "1", strict));
    // The launcher's (cage runs the kiosk window; WATCHDOG_PID names cage), when allowed.
    CHECK(watchdog_timeout_usec("2000000", "77", under_launcher) == 2'000'000);
    CHECK(watchdog_timeout_usec("2000000", "1234", under_launcher) == 2'000'000);
    CHECK_FALSE(watchdog_timeout_usec("2000000", "78", under_launcher));
    // Malformed WATCHDOG_PID: no watchdog, as sd_watchdog_enabled(3).
    CHECK_FALSE(watchdog_timeout_usec("2000000", "", strict));
    CHECK_FALSE(watchdog_timeout_usec("2000000", "12x", strict));
    CHECK_FALSE(watchdog_timeout_usec("2000000", "0", strict));
    // No timeout, no watchdog, whatever the pid.
    CHECK_FALSE(watchdog_timeout_usec(std::nullopt, "1234", strict));
    CHECK_FALSE(watchdog_timeout_usec("0", "1234", strict));
}

TEST_CASE("pings are due every half of the watchdog timeout", "[service-notify]") {
    SECTION("disabled") {
        const Watchdog w;
        CHECK_FALSE(w.enabled());
        CHECK(w.interval_ms() == 0);
        CHECK_FALSE(w.next_due_ms());
        CHECK_FALSE(w.due(123456));
        CHECK_FALSE(w.ms_until_due(123456));
        CHECK_FALSE(Watchdog(0).enabled());
        CHECK_FALSE(Watchdog(-5).enabled());
    }
    SECTION("WatchdogSec=30: a ping every 15 s, the first at once") {
        Watchdog w(30'000'000);
        REQUIRE(w.enabled());
        CHECK(w.timeout_ms() == 30'000);
        CHECK(w.interval_ms() == 15'000);
        CHECK(w.next_due_ms() == 0);
        CHECK(w.due(5'000));
        CHECK(w.ms_until_due(5'000) == 0);

        w.pinged(5'000);
        CHECK(w.next_due_ms() == 20'000);
        CHECK_FALSE(w.due(5'000));
        CHECK_FALSE(w.due(19'999));
        CHECK(w.ms_until_due(5'000) == 15'000);
        CHECK(w.ms_until_due(19'999) == 1);
        CHECK(w.due(20'000));
        CHECK(w.ms_until_due(20'000) == 0);
        CHECK(w.ms_until_due(90'000) == 0);  // late (a long frame): due now, never negative

        // The next interval counts from when the ping was actually sent, not when it was due.
        w.pinged(21'500);
        CHECK(w.next_due_ms() == 36'500);
    }
    SECTION("odd and tiny timeouts") {
        CHECK(Watchdog(2'000'000).interval_ms() == 1'000);
        CHECK(Watchdog(2'999).interval_ms() == 1);  // 1.4995 ms: rounded down
        CHECK(Watchdog(1'000).interval_ms() == 1);  // never 0, which would mean "disabled"
        CHECK(Watchdog(1).interval_ms() == 1);
    }
}

TEST_CASE("without NOTIFY_SOCKET every call does nothing", "[service-notify]") {
    ServiceNotifier n("", 2'000'000);
    CHECK_FALSE(n.active());
    CHECK(n.problem().empty());
    CHECK_FALSE(n.watchdog().enabled());  // nobody to ping
    CHECK_FALSE(n.ms_until_ping(0));
    CHECK_FALSE(n.ready("ready"));
    CHECK_FALSE(n.ping_if_due(0));
    CHECK_FALSE(n.stopping());

    ServiceNotifier unsupported("vsock:2:1234", 2'000'000);
    CHECK_FALSE(unsupported.active());
    CHECK_THAT(unsupported.problem(), Catch::Contains("vsock:2:1234"));

    ServiceNotifier too_long("/" + std::string(200, 'x'), std::nullopt);
    CHECK_FALSE(too_long.active());
    CHECK_FALSE(too_long.problem().empty());
}

namespace {

void check_conversation(NotifySocket& sock, ServiceNotifier& n) {
    REQUIRE(n.active());
    CHECK(n.problem().empty());

    REQUIRE(n.ready("waiting for visitors"));
    auto m = sock.receive(2000);
    REQUIRE(m);
    CHECK(m->text == "READY=1\nSTATUS=waiting for visitors");
    CHECK(m->pid == ::getpid());  // systemd attributes messages by the kernel's credentials

    REQUIRE(n.ping_if_due(1'000));  // the first ping is due at once
    m = sock.receive(2000);
    REQUIRE(m);
    CHECK(m->text == "WATCHDOG=1");
    CHECK_FALSE(n.ping_if_due(1'999));  // not yet: due every 1000 ms
    CHECK(n.ms_until_ping(1'999) == 1);
    CHECK(n.ping_if_due(2'000));
    m = sock.receive(2000);
    REQUIRE(m);
    CHECK(m->text == "WATCHDOG=1");
    CHECK_FALSE(sock.receive(0));  // nothing else was sent

    // STATUS= is one line: a newline in it must not become a variable of its own.
    REQUIRE(n.status("sync failing\nREADY=1"));
    m = sock.receive(2000);
    REQUIRE(m);
    CHECK(m->text == "STATUS=sync failing READY=1");

    REQUIRE(n.stopping());
    m = sock.receive(2000);
    REQUIRE(m);
    CHECK(m->text == "STOPPING=1");
}

}  // namespace

TEST_CASE("READY, WATCHDOG, STATUS and STOPPING arrive as datagrams on a path socket", "[service-notify]") {
    TempDir dir;
    NotifySocket sock((dir / "notify").string());
    ServiceNotifier n(sock.address(), 2'000'000);
    check_conversation(sock, n);
}

TEST_CASE("an abstract NOTIFY_SOCKET ('@name') works the same", "[service-notify]") {
    NotifySocket sock("@feedback-test-notify-" + std::to_string(::getpid()));
    ServiceNotifier n(sock.address(), 2'000'000);
    check_conversation(sock, n);
}

TEST_CASE("from_environment reads the variables and removes them for children", "[service-notify]") {
    TempDir dir;
    NotifySocket sock((dir / "notify").string());
    ::setenv("NOTIFY_SOCKET", sock.address().c_str(), 1);
    ::setenv("WATCHDOG_USEC", "4000000", 1);

    SECTION("our own pid") {
        ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
        auto n = ServiceNotifier::from_environment();
        CHECK(n.active());
        CHECK(n.watchdog().interval_ms() == 2'000);
        CHECK(std::getenv("NOTIFY_SOCKET") == nullptr);
        CHECK(std::getenv("WATCHDOG_USEC") == nullptr);
        CHECK(std::getenv("WATCHDOG_PID") == nullptr);
        REQUIRE(n.ready());
        const auto m = sock.receive(2000);
        REQUIRE(m);
        CHECK(m->text == "READY=1");
    }
    SECTION("another pid: still notifies, but no watchdog") {
        ::setenv("WATCHDOG_PID", "1", 1);
        NotifyOptions keep;
        keep.unset_environment = false;
        auto n = ServiceNotifier::from_environment(keep);
        CHECK(n.active());
        CHECK_FALSE(n.watchdog().enabled());
        CHECK_FALSE(n.ping_if_due(0));
        CHECK(std::getenv("NOTIFY_SOCKET") != nullptr);  // kept, as asked
    }
    SECTION("the launcher's pid, when the program may be run by one") {
        ::setenv("WATCHDOG_PID", std::to_string(::getppid()).c_str(), 1);
        CHECK_FALSE(ServiceNotifier::from_environment({false, false}).watchdog().enabled());
        NotifyOptions launched;
        launched.launcher_may_own_watchdog = true;
        CHECK(ServiceNotifier::from_environment(launched).watchdog().enabled());
    }
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
}

TEST_CASE("a notifier moved from stays quiet and the moved-to one sends", "[service-notify]") {
    TempDir dir;
    NotifySocket sock((dir / "notify").string());
    ServiceNotifier a(sock.address(), std::nullopt);
    ServiceNotifier b = std::move(a);
    CHECK_FALSE(a.active());  // NOLINT(bugprone-use-after-move): checking exactly that
    CHECK_FALSE(a.ready());
    REQUIRE(b.ready());
    REQUIRE(sock.receive(2000));
    ServiceNotifier c;
    c = std::move(b);
    REQUIRE(c.stopping());
    const auto m = sock.receive(2000);
    REQUIRE(m);
    CHECK(m->text == "STOPPING=1");
}

TEST_CASE("a send to a socket nobody listens on fails quietly", "[service-notify]") {
    TempDir dir;
    ServiceNotifier n((dir / "nobody").string(), 2'000'000);
    CHECK(n.active());
    CHECK_FALSE(n.ready());
    CHECK_FALSE(n.ping_if_due(0));
    CHECK(n.ms_until_ping(0) == 1'000);  // counted as pinged: no retry storm
}
