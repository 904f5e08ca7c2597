#!/bin/sh
# azd postprovision hook: puts the app's secrets into Key Vault, where the app settings reference them.
# Values come from the azd environment, never from the repository:
#   azd env set SENDGRID_API_KEY 'SG.xxxx'
#   azd env set SENDGRID_WEBHOOK_PUBLIC_KEY '<Event Webhook verification key>'   (optional: the webhook refuses calls without it)
#   azd env set CODES_HASH_KEY '<48+ random characters>'   (optional: generated once when the vault has none)
# The credential signing keys (PKCS#8 PEM on P-256, newest first) are generated once with openssl; set
# CREDENTIALS_SIGNING_KEY_ROTATE=true for one provision to put a new key in front (the old ones stay published).
# The hash key is never replaced silently: every issued code is stored as its keyed hash, so a new key makes
# the codes already e-mailed unusable. Set CODES_HASH_KEY_REPLACE=true to replace it on purpose.
# No secret is printed or passed on a command line.
# The deployer holds no standing Key Vault role unless provisioned with deployerDataAccess=true: the hook then
# grants the signed-in principal Key Vault Secrets Officer on this vault for its own run and removes the
# assignment when it ends (the deployer can create role assignments, which the template's own ones need).
set -eu

vault="${AZURE_KEY_VAULT_NAME:-}"
sendgrid_secret="${AZURE_KEY_VAULT_SENDGRID_SECRET:-sendgrid-api-key}"
hash_secret="${AZURE_KEY_VAULT_HASH_KEY_SECRET:-codes-hash-key}"
webhook_secret="${AZURE_KEY_VAULT_WEBHOOK_KEY_SECRET:-sendgrid-webhook-public-key}"
signing_secret="${AZURE_KEY_VAULT_SIGNING_KEYS_SECRET:-credentials-signing-keys}"
retry_seconds="${POSTPROVISION_RETRY_SECONDS:-15}"

if [ -z "$vault" ]; then
  echo "postprovision: AZURE_KEY_VAULT_NAME is not set; did infra/main.bicep provision?" >&2
  exit 1
fi

if ! command -v az >/dev/null 2>&1 || ! az account show --output none >/dev/null 2>&1; then
  cat <<EOF
postprovision: the Azure CLI is missing or not signed in (az login), so no secret was written.
Put them in by hand (docs/deploy.md, "Secrets"):
  az keyvault secret set --vault-name $vault --name $sendgrid_secret --value '<SendGrid API key>'
  az keyvault secret set --vault-name $vault --name $hash_secret --value "\$(openssl rand -base64 48)"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out signing.pem
  az keyvault secret set --vault-name $vault --name $signing_secret --file signing.pem && rm signing.pem
EOF
  exit 0
fi

tmp=$(mktemp)
changed=0

errors=$(mktemp)
grant_id=""
cleanup() {
  if [ -n "$grant_id" ]; then
    if az role assignment delete --ids "$grant_id" --output none 2>/dev/null; then
      echo "postprovision: removed the temporary Key Vault Secrets Officer assignment"
    else
      echo "postprovision: could NOT remove the temporary role assignment $grant_id; remove it: az role assignment delete --ids $grant_id" >&2
    fi
  fi
  rm -f "$tmp" "$errors"
}
trap cleanup EXIT

deployer="${AZURE_DEPLOYER_PRINCIPAL_ID:-}"
if [ "${AZURE_DEPLOYER_DATA_ACCESS:-false}" != "true" ] && [ -n "$deployer" ] && [ -n "${AZURE_KEY_VAULT_ID:-}" ]; then
  if grant_id=$(az role assignment create --assignee-object-id "$deployer" \
      --assignee-principal-type "${AZURE_DEPLOYER_PRINCIPAL_TYPE:-User}" --role "Key Vault Secrets Officer" \
      --scope "$AZURE_KEY_VAULT_ID" --query id --output tsv 2>"$errors"); then
    echo "postprovision: granted Key Vault Secrets Officer on $vault for this run only"
  else
    grant_id=""
    echo "postprovision: could not grant Key Vault Secrets Officer for this run; provision with deployerDataAccess=true (azd env set NMO_DEPLOYER_DATA_ACCESS true) or grant it once by hand (docs/deploy.md)" >&2
  fi
fi

# Prints the secret's value, or nothing when the vault has no such secret. Any other failure (the role granted
# by this provision not applied yet) is retried and never read as "absent": that would replace the hash key.
current() {
  for attempt in 1 2 3 4 5 6 7 8; do
    if value=$(az keyvault secret show --vault-name "$vault" --name "$1" --query value --output tsv 2>"$errors"); then
      printf '%s' "$value"
      return 0
    fi
    if grep -q "SecretNotFound" "$errors"; then
      return 0
    fi
    echo "postprovision: cannot read '$1' yet (attempt $attempt), retrying in $retry_seconds s..." >&2
    sleep "$retry_seconds"
  done
  echo "postprovision: cannot read '$1' from $vault; check your Key Vault Secrets Officer role and run 'azd provision' again" >&2
  exit 1
}

put() {
  printf '%s' "$2" > "$tmp"
  # The Key Vault Secrets Officer role was granted by this provision; it can take a minute or two to apply.
  for attempt in 1 2 3 4 5 6 7 8; do
    if az keyvault secret set --vault-name "$vault" --name "$1" --file "$tmp" --encoding utf-8 --output none 2>/dev/null; then
      echo "postprovision: wrote secret '$1' to $vault"
      changed=1
      return 0
    fi
    echo "postprovision: Key Vault refused '$1' (attempt $attempt), retrying in $retry_seconds s..."
    sleep "$retry_seconds"
  done
  echo "postprovision: could not write '$1' to $vault; check your Key Vault Secrets Officer role and run 'azd provision' again" >&2
  exit 1
}

random_key() {
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -base64 48 | tr -d '\n'
  else
    head -c 48 /dev/urandom | base64 | tr -d '\n'
  fi
}

existing_sendgrid="$(current "$sendgrid_secret")" || exit 1
if [ -n "${SENDGRID_API_KEY:-}" ]; then
  if [ "$existing_sendgrid" != "$SENDGRID_API_KEY" ]; then
    put "$sendgrid_secret" "$SENDGRID_API_KEY"
  fi
elif [ -z "$existing_sendgrid" ]; then
  echo "postprovision: no SendGrid API key yet: 'azd env set SENDGRID_API_KEY <key>' and run 'azd provision', or see docs/deploy.md." >&2
fi

if [ -n "${SENDGRID_WEBHOOK_PUBLIC_KEY:-}" ]; then
  existing_webhook="$(current "$webhook_secret")" || exit 1
  if [ "$existing_webhook" != "$SENDGRID_WEBHOOK_PUBLIC_KEY" ]; then
    put "$webhook_secret" "$SENDGRID_WEBHOOK_PUBLIC_KEY"
  fi
fi

existing_hash="$(current "$hash_secret")" || exit 1
if [ -n "${CODES_HASH_KEY:-}" ]; then
  if [ -z "$existing_hash" ]; then
    put "$hash_secret" "$CODES_HASH_KEY"
  elif [ "$existing_hash" != "$CODES_HASH_KEY" ]; then
    if [ "${CODES_HASH_KEY_REPLACE:-false}" = "true" ]; then
      put "$hash_secret" "$CODES_HASH_KEY"
    else
      echo "postprovision: CODES_HASH_KEY differs from the key in $vault and was NOT written (codes already issued would stop working). Set CODES_HASH_KEY_REPLACE=true to replace it." >&2
    fi
  fi
elif [ -z "$existing_hash" ]; then
  put "$hash_secret" "$(random_key)"
fi

# The app does not start in Azure without signing keys, so a provision that cannot make one fails here, loudly.
new_signing_key() {
  if ! command -v openssl >/dev/null 2>&1; then
    echo "postprovision: openssl is needed to create the credential signing key '$signing_secret' (docs/deploy.md, \"Secrets\")" >&2
    return 1
  fi
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null
}

existing_signing="$(current "$signing_secret")" || exit 1
if [ -z "$existing_signing" ]; then
  key="$(new_signing_key)" || exit 1
  put "$signing_secret" "$key"
elif [ "${CREDENTIALS_SIGNING_KEY_ROTATE:-false}" = "true" ]; then
  key="$(new_signing_key)" || exit 1
  put "$signing_secret" "$key
$existing_signing"
  echo "postprovision: a new credential signing key signs from now on; the previous ones stay published. Run 'azd env set CREDENTIALS_SIGNING_KEY_ROTATE false' so the next provision does not rotate again."
fi

# Key Vault references are read when the app starts; restart so new values take effect now, not within 24 h.
if [ "$changed" = 1 ] && [ -n "${AZURE_FUNCTION_APP_NAME:-}" ] && [ -n "${AZURE_RESOURCE_GROUP:-}" ]; then
  az functionapp restart --name "$AZURE_FUNCTION_APP_NAME" --resource-group "$AZURE_RESOURCE_GROUP" --output none || true
  echo "postprovision: restarted $AZURE_FUNCTION_APP_NAME"
fi
