// The OS's SQLite 3 C API (Debian package libsqlite3-dev), imported into Swift as CSQLite.
#include <sqlite3.h>
