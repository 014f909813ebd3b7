/*
 * json.h - an attempt as a JSON object: the stable schema of
 * `ikescope report --json` (doc/json-schema.md).
 */
#ifndef IKS_JSON_H
#define IKS_JSON_H

#include <json-glib/json-glib.h>

#include "model.h"

/* Which side is behind NAT: "client", "server", "both" or "none" (no NAT
 * detected). */
const char *attempt_nat(const Attempt *a);
/* "192.0.2.1:500" / "[2001:db8::1]:500" */
void attempt_endpoint(const Attempt *a, bool initiator, char *buf, size_t size);
JsonNode *attempt_to_json(const Attempt *a, const char *file);

#endif
