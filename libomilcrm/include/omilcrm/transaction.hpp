#pragma once
#include <memory>

namespace omilcrm {
namespace detail {
struct DbImpl;
}

/// Groups operations: everything done between its creation and commit() lands together, or not
/// at all. Destroyed without commit() (an exception, say), it rolls back. Transactions nest.
class Transaction {
public:
    explicit Transaction(detail::DbImpl& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();

    void commit();
    void rollback();
    bool active() const noexcept { return db_ != nullptr; }

private:
    detail::DbImpl* db_;
    int level_;
};

}  // namespace omilcrm
