// The database a collector or console test runs against (issue 20): a SQLite file by default,
// or, when FEEDBACK_TEST_PG names the state file of a running pg_cluster.sh cluster, a fresh
// PostgreSQL database on it. tests/CMakeLists.txt registers the collector's and the console's
// suites a second time with FEEDBACK_TEST_PG set (the "-pg" tests, label postgres), so the same
// cases prove both stores give the same answers.
//
// test_db(path) returns `path` itself under SQLite; under PostgreSQL it returns the URI of a
// database made for that path on first use (the same path gives the same database within the
// process) and dropped when the process ends. Cases that test what only a SQLite file has
// (its mode, its pragmas, an old file's migration) carry the tag [sqlite] and are left out of
// the -pg run.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace feedback::testing {

// The cluster's socket directory, or "" when the tests run on SQLite.
inline std::string pg_cluster_dir() {
    const char* state = std::getenv("FEEDBACK_TEST_PG");
    if (!state || !*state) return {};
    std::ifstream in(state);
    std::string dir;
    if (!std::getline(in, dir) || dir.empty())
        throw std::runtime_error(std::string("FEEDBACK_TEST_PG: no cluster recorded in ") + state);
    return dir;
}

inline bool testing_postgres() { return !pg_cluster_dir().empty(); }

inline std::string pg_uri(const std::string& dir, const std::string& database) {
    return "postgresql:///" + database + "?host=" + dir + "&user=postgres";
}

// Runs one statement on the cluster's maintenance database. Throws on failure.
inline void pg_admin(const std::string& sql) {
    std::unique_ptr<PGconn, decltype(&PQfinish)> c(PQconnectdb(pg_uri(pg_cluster_dir(), "postgres").c_str()),
                                                   &PQfinish);
    if (PQstatus(c.get()) != CONNECTION_OK)
        throw std::runtime_error(std::string("test cluster: ") + PQerrorMessage(c.get()));
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK && PQresultStatus(r.get()) != PGRES_TUPLES_OK)
        throw std::runtime_error("test cluster: " + sql + ": " + PQresultErrorMessage(r.get()));
}

class TestDatabases {
public:
    static TestDatabases& instance() {
        static TestDatabases registry;
        return registry;
    }
    std::string for_path(const std::filesystem::path& path) {
        const auto it = made_.find(path);
        if (it != made_.end()) return it->second;
        const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(made_.size());
        pg_admin("CREATE DATABASE " + name);
        return made_[path] = pg_uri(pg_cluster_dir(), name);
    }
    ~TestDatabases() {
        for (std::size_t i = 0; i < made_.size(); ++i) {
            try {
                pg_admin("DROP DATABASE IF EXISTS t" + std::to_string(::getpid()) + "_" + std::to_string(i) +
                         " WITH (FORCE)");
            } catch (const std::exception&) {
                // The cluster goes away with its directory at the end of the run anyway.
            }
        }
    }

private:
    std::map<std::filesystem::path, std::string> made_;
};

inline std::string test_db(const std::filesystem::path& sqlite_path) {
    if (!testing_postgres()) return sqlite_path.string();
    return TestDatabases::instance().for_path(sqlite_path);
}

}  // namespace feedback::testing
