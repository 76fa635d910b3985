#pragma once
// The one exception hierarchy of libomilcrm. Messages say what was wrong and with which value.
#include <stdexcept>
#include <string>

namespace omilcrm {

/// Root of every exception the library throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad input: names the field and the value. Nothing was changed.
class ValidationError : public Error {
public:
    ValidationError(std::string field, std::string value, const std::string& why);
    const std::string& field() const noexcept { return field_; }
    const std::string& value() const noexcept { return value_; }
    /// Why the value was refused, without the field and value.
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string field_;
    std::string value_;
    std::string reason_;
};

/// A record that was asked for does not exist.
class NotFound : public Error {
public:
    NotFound(const std::string& what, const std::string& key);
};

/// The change conflicts with data already there (a duplicate RUT, say).
class Conflict : public Error {
public:
    using Error::Error;
};

/// What was asked is not allowed: a reading of personal data whose purpose the person's consent
/// (or the law) does not cover. Names the field and the value refused, never personal data.
/// Nothing was read or changed; the refusal itself is logged where the law asks for it (the
/// personal data log, Seekers::exports()).
class Forbidden : public Error {
public:
    Forbidden(std::string field, std::string value, const std::string& why);
    const std::string& field() const noexcept { return field_; }
    const std::string& value() const noexcept { return value_; }
    /// Why it was refused, without the field and value.
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string field_;
    std::string value_;
    std::string reason_;
};

/// A long call was stopped on request (Ctrl-C in Python, OpenOptions::interrupt or a Progress
/// callback that threw): everything the call wrote was rolled back.
class Interrupted : public Error {
public:
    using Error::Error;
};

/// The database could not do what was asked (I/O, locking, a missing file).
class StorageError : public Error {
public:
    using Error::Error;
};

/// The file's schema version is not the one this library reads: an older file must be upgraded
/// first (Database::upgrade, `omilcrm migrate`), a newer one needs a newer library. Nothing was
/// changed.
class SchemaVersionError : public StorageError {
public:
    /// The message names the file and both versions; for an older file it ends with
    /// `how_to_upgrade` (each interface says it in its own terms: C++, Python, the command line).
    SchemaVersionError(std::string path, int file_version, int supported_version, const std::string& how_to_upgrade);
    /// The file, as it was given to open.
    const std::string& path() const noexcept { return path_; }
    /// The schema version the file was written with.
    int file_version() const noexcept { return file_version_; }
    /// The schema version this library reads and writes (Database::latest_schema_version()).
    int supported_version() const noexcept { return supported_version_; }
    /// True for a file older than the library (it can be upgraded), false for a newer one.
    bool upgradable() const noexcept { return file_version_ < supported_version_; }

private:
    std::string path_;
    int file_version_;
    int supported_version_;
};

/// Another connection held the file's write lock for longer than the busy timeout. Nothing was
/// changed; trying again later may succeed.
class StorageBusy : public StorageError {
public:
    using StorageError::StorageError;
};

/// The file was opened read-only (it is not writable, or OpenMode::ReadOnly was asked for), or
/// the file system refused a write. Nothing was changed.
class StorageReadOnly : public StorageError {
public:
    using StorageError::StorageError;
};

/// The disk (or the file system's quota) is full. Nothing was changed.
class StorageFull : public StorageError {
public:
    using StorageError::StorageError;
};

/// The file is damaged, or is not a database at all.
class StorageCorrupt : public StorageError {
public:
    using StorageError::StorageError;
};

}  // namespace omilcrm
