"""Print uuid.uuid5(NAMESPACE_OID, name) for every name given on standard input.

Reads a JSON array of names and prints a JSON array of the UUIDs in the same order.
"""

import json
import sys
import uuid

names = json.load(sys.stdin)
print(json.dumps([str(uuid.uuid5(uuid.NAMESPACE_OID, name)) for name in names]))
