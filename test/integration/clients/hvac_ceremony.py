"""A whole keyring life driven through hvac's own methods only (Debian's python3-hvac), as a
Python operator would script HashiCorp Vault. Run by hvac.test.ts with a JSON config on stdin:
{"url", "gnupghome", "pgp_keys": [base64 of three binary public keys], "fingerprints": [...]}.
Every check raises on failure; stdout gets one JSON line of non-secret findings at the end.
Shares and tokens never leave this process."""
import base64
import json
import subprocess
import sys

import hvac
from hvac import exceptions

config = json.load(sys.stdin)
findings = {"hvac_version": getattr(hvac, "__version__", None)}


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def refused(call, kind, what, count=1):
    """The call must raise `kind` with Vault's `errors` list readable (hvac reads it only from an
    answer typed exactly application/json). Returns the first error message."""
    try:
        call()
    except kind as error:
        check(isinstance(error.errors, list) and len(error.errors) == count, what + ": errors not readable: " + repr(error.errors))
        return error.errors[0] if count else None
    raise AssertionError(what + ": was not refused")


def gpg_decrypt(data):
    home = config["gnupghome"]
    run = subprocess.run(
        ["gpg", "--homedir", home, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quiet", "--decrypt"],
        input=data, capture_output=True, check=True, env={"GNUPGHOME": home, "PATH": "/usr/bin:/bin"},
    )
    return run.stdout


def body(answer):
    """hvac returns parsed JSON for a 200 and the requests Response for any other status."""
    return answer if isinstance(answer, dict) else answer.json()


def b64decode_unpadded(text):
    return base64.b64decode(text + "=" * (-len(text) % 4))


client = hvac.Client(url=config["url"])

# --- init, unseal, health -------------------------------------------------------------------
check(client.sys.is_initialized() is False, "fresh keyring reports initialized")
check(body(client.sys.read_health_status(method="GET", uninit_code=299))["initialized"] is False, "health before init")
init = client.sys.initialize(secret_shares=3, secret_threshold=2)
keys, root = init["keys"], init["root_token"]
check(len(keys) == 3 and root.startswith("hvs."), "init answer")
check(client.sys.is_sealed(), "sealed after init")
message = refused(lambda: client.sys.submit_unseal_key(key="zz!!"), exceptions.InvalidRequest, "undecodable share")
check("valid hex or base64" in message, "undecodable share message: " + message)
progress = client.sys.submit_unseal_key(key=keys[0])
check(progress["sealed"] and progress["progress"] == 1, "first share")
check(client.sys.submit_unseal_keys(keys[1:3])["sealed"] is False, "unsealed by the second share")
client.token = root

health = client.sys.read_health_status(method="GET")
for field in ("initialized", "sealed", "standby", "performance_standby", "replication_performance_mode", "replication_dr_mode",
              "server_time_utc", "version", "enterprise", "cluster_name", "cluster_id", "echo_duration_ms", "clock_skew_ms"):
    check(field in health, "health lacks " + field)
check(health["sealed"] is False and health["enterprise"] is False, "health values")
check(client.sys.read_health_status().status_code == 200, "health HEAD")
status = client.sys.read_seal_status()
check(status["cluster_id"] == health["cluster_id"] and status["cluster_name"], "seal-status names the cluster when unsealed")
check(client.sys.read_leader_status()["ha_enabled"] is False, "leader")

# --- key status, rotate, rotate config ---------------------------------------------------------
term = client.sys.get_encryption_key_status()["term"]
client.sys.rotate_encryption_key()
check(client.sys.get_encryption_key_status()["data"]["term"] == term + 1, "rotate adds a term")
client.write("sys/rotate/config", max_operations=2000000, interval="48h")
rotate_config = client.read("sys/rotate/config")["data"]
check(rotate_config["max_operations"] == 2000000 and rotate_config["interval"] == "48h0m0s", "rotate config: " + repr(rotate_config))
message = refused(lambda: client.write("sys/rotate/config", interval="1h"), exceptions.InvalidRequest, "short interval")
check(message == "interval must be greater or equal to 24h0m0s", "interval message: " + message)

# --- rekey with verification --------------------------------------------------------------------
started = client.sys.start_rekey(secret_shares=3, secret_threshold=2, require_verification=True)
check(started["started"] and started["verification_required"], "rekey started with verification")
check(client.sys.read_rekey_progress()["nonce"] == started["nonce"], "rekey progress")
done = client.sys.rekey_multi(keys[:2], nonce=started["nonce"])
check(done["complete"] and done["verification_required"] and len(done["keys"]) == 3, "rekey collected")
verify_nonce = done["verification_nonce"]
check(client.sys.read_rekey_verify_progress()["nonce"] == verify_nonce, "verify progress")
verified = client.sys.rekey_verify_multi(done["keys"][1:3], nonce=verify_nonce)
check(verified["complete"] is True, "verification completes the rekey")
old_keys, keys = keys, done["keys"]

# hvac's cancel sends no nonce; Symbolon requires it (a stranger must not cancel a ceremony).
started = client.sys.start_rekey(secret_shares=3, secret_threshold=2)
message = refused(lambda: client.sys.cancel_rekey(), exceptions.InvalidRequest, "cancel without nonce")
findings["cancel_rekey_without_nonce"] = message
plain = client.sys.rekey_multi(keys[:2], nonce=started["nonce"])
check(plain["complete"] and plain["verification_required"] is False, "rekey without verification")
keys = plain["keys"]

# --- rekey to PGP keys, with backup (hvac sends backup only with pgp_keys) --------------------
started = client.sys.start_rekey(secret_shares=3, secret_threshold=2, pgp_keys=config["pgp_keys"], backup=True)
check(started["backup"] is True and len(started["pgp_fingerprints"]) == 3, "pgp rekey started: " + repr(started["pgp_fingerprints"]))
done = client.sys.rekey_multi(keys[:2], nonce=started["nonce"])
check(done["backup"] is True and done["pgp_fingerprints"] == [f.lower() for f in config["fingerprints"]], "pgp rekey done")
keys = [gpg_decrypt(base64.b64decode(k)).decode() for k in done["keys_base64"]]
backup = client.sys.read_backup_keys()
check(backup["nonce"] == started["nonce"], "backup nonce")
for fingerprint, share in zip(done["pgp_fingerprints"], keys):
    check(gpg_decrypt(bytes.fromhex(backup["keys"][fingerprint][0])).decode() == share, "backup holds the share of " + fingerprint)

# --- generate-root: server-made OTP, then PGP --------------------------------------------------
attempt = client.sys.start_root_token_generation()
otp = attempt["otp"]
check(len(otp) == attempt["otp_length"] == 28, "server-made OTP")
for key in keys[:2]:
    generated = client.sys.generate_root(key=key, nonce=attempt["nonce"])
check(generated["complete"], "root generation completes")
otp_token = bytes(a ^ b for a, b in zip(b64decode_unpadded(generated["encoded_token"]), otp.encode())).decode()
check(hvac.Client(url=config["url"], token=otp_token).auth.token.lookup_self()["data"]["policies"] == ["root"], "OTP root token works")

attempt = client.sys.start_root_token_generation(pgp_key=config["pgp_keys"][0])
check(attempt["pgp_fingerprint"] == config["fingerprints"][0].lower(), "PGP root attempt")
for key in keys[:2]:
    generated = client.sys.generate_root(key=key, nonce=attempt["nonce"])
pgp_token = gpg_decrypt(base64.b64decode(generated["encoded_token"])).decode()
check(hvac.Client(url=config["url"], token=pgp_token).is_authenticated(), "PGP root token works")
check(client.sys.read_root_generation_progress()["started"] is False, "no attempt left")

# --- policies and tokens -----------------------------------------------------------------------
client.sys.create_or_update_policy(name="reader", policy={"path": {"secret/*": {"capabilities": ["read", "list"]}}})
check("reader" in client.sys.list_policies()["data"]["policies"], "policy listed")
check("secret/*" in client.sys.read_policy(name="reader")["data"]["rules"], "policy read")
created = client.auth.token.create(policies=["reader"], ttl="1h")
reader_token = created["auth"]["client_token"]
looked = client.auth.token.lookup(reader_token)["data"]
check(looked["policies"] == ["default", "reader"] or looked["policies"] == ["reader"], "token policies: " + repr(looked["policies"]))
reader = hvac.Client(url=config["url"], token=reader_token)
refused(lambda: reader.sys.rotate_encryption_key(), exceptions.Forbidden, "reader cannot rotate")

# --- KV version 2 ---------------------------------------------------------------------------------
client.secrets.kv.v2.create_or_update_secret(path="app/db", secret={"password": "hunter2"})
client.secrets.kv.v2.create_or_update_secret(path="app/api", secret={"key": "k-1"})
client.secrets.kv.v2.create_or_update_secret(path="app/api", secret={"key": "k-2"}, cas=1)
check(reader.secrets.kv.v2.read_secret_version(path="app/api")["data"]["data"] == {"key": "k-2"}, "kv read")
check(client.secrets.kv.v2.read_secret_version(path="app/api", version=1)["data"]["data"] == {"key": "k-1"}, "kv version 1")
# list_secrets with hvac's defaults sends the LIST method.
check(reader.secrets.kv.v2.list_secrets(path="app")["data"]["keys"] == ["api", "db"], "kv list (LIST)")
check(client.secrets.kv.v2.read_secret_metadata(path="app/api")["data"]["current_version"] == 2, "kv metadata")
message = refused(lambda: client.secrets.kv.v2.create_or_update_secret(path="app/api", secret={"key": "k-3"}, cas=1), exceptions.InvalidRequest, "cas")
check("check-and-set" in message, "cas message: " + message)
client.secrets.kv.v2.delete_latest_version_of_secret(path="app/db")
# Vault answers a deleted version with 404, its metadata, and an empty `errors` list.
refused(lambda: client.secrets.kv.v2.read_secret_version(path="app/db"), exceptions.InvalidPath, "deleted secret", count=0)
check(client.list("secret/metadata/app")["data"]["keys"] == ["api", "db"], "GET ?list=true")

# --- wrapping ------------------------------------------------------------------------------------
wrapped = client.write("sys/wrapping/wrap", wrap_ttl="60s", handoff="to-ben")
wrap_token = wrapped["wrap_info"]["token"]
check(client.write("sys/wrapping/lookup", token=wrap_token)["data"]["creation_ttl"] == 60, "wrapping lookup")
rewrapped = client.write("sys/wrapping/rewrap", token=wrap_token)["wrap_info"]["token"]
check(client.sys.unwrap(rewrapped)["data"] == {"handoff": "to-ben"}, "unwrap after rewrap")
message = refused(lambda: client.sys.unwrap(wrap_token), exceptions.InvalidRequest, "old wrapping token")
check(message == "wrapping token is not valid or does not exist", "wrapping message: " + message)
read_wrapped = client.read("secret/data/app/api", wrap_ttl="5m")
check(client.sys.unwrap(read_wrapped["wrap_info"]["token"])["data"]["data"] == {"key": "k-2"}, "wrapped read")

# --- tokens revoked, seal, unseal with the PGP-delivered shares ----------------------------------
client.auth.token.revoke(reader_token)
refused(lambda: reader.secrets.kv.v2.read_secret_version(path="app/api"), exceptions.Forbidden, "revoked token")
client.sys.seal()
check(client.sys.is_sealed(), "sealed")
refused(lambda: client.secrets.kv.v2.read_secret_version(path="app/api"), exceptions.VaultDown, "sealed read")
message = refused(lambda: client.sys.submit_unseal_key(key=old_keys[0]), exceptions.InvalidRequest, "share of generation 1")
findings["old_share_refusal"] = message
check(client.sys.submit_unseal_keys(keys[:2])["sealed"] is False, "unsealed with the new shares")
check(client.secrets.kv.v2.read_secret_version(path="app/api")["data"]["data"] == {"key": "k-2"}, "kv survives")
client.sys.seal()

findings["ok"] = True
print(json.dumps(findings))
