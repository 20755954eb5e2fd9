#!/usr/bin/env bash
# azd hook: the CSP multi-tenant app registration that the Function App acts as in every tenant.
#
#   preprovision   create or update the app registration (multi-tenant) and its service principal in the CSP
#                  tenant; azd env set ERCSP_APP_CLIENT_ID and ERCSP_APP_SERVICE_PRINCIPAL_ID (Bicep needs both).
#   postprovision  the same, then create or update the federated credential that lets the Function App's
#                  managed identity (output ERCSP_IDENTITY_PRINCIPAL_ID) sign in as the app without a secret, and
#                  print the admin-consent link for customers.
#
# Idempotent: run it as often as you like. Needs the Azure CLI signed in to the CSP tenant (az login) with the right
# to create app registrations (Application Developer or above), and azd on the PATH.
# Settings (azd env set NAME VALUE): ERCSP_APP_DISPLAY_NAME (default expressroute-csp-<env>); ERCSP_APP_CLIENT_ID to
# adopt an existing registration instead of finding it by display name.
set -euo pipefail

phase=${1:-}
if [[ "$phase" != "preprovision" && "$phase" != "postprovision" ]]; then
  echo "usage: $0 preprovision|postprovision" >&2
  exit 2
fi

for tool in az azd; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "app-registration: '$tool' is not on the PATH" >&2
    exit 1
  fi
done

: "${AZURE_ENV_NAME:?app-registration: run through azd (AZURE_ENV_NAME is not set)}"
if [[ -z "${ERCSP_CSP_SUBSCRIPTION_IDS:-}" ]]; then
  echo "app-registration: set the CSP connectivity subscriptions first:" >&2
  echo "  azd env set ERCSP_CSP_SUBSCRIPTION_IDS <subscription id>[,<subscription id>...]" >&2
  exit 1
fi

tenant_id=$(az account show --query tenantId -o tsv)
display_name=${ERCSP_APP_DISPLAY_NAME:-expressroute-csp-$AZURE_ENV_NAME}

# The registration: adopt ERCSP_APP_CLIENT_ID when set, else find it by display name, else create it.
app_id=${ERCSP_APP_CLIENT_ID:-}
if [[ -n "$app_id" ]]; then
  az ad app show --id "$app_id" --query appId -o tsv >/dev/null
else
  matches=$(az ad app list --display-name "$display_name" --query "[].appId" -o tsv)
  if [[ $(grep -c . <<<"$matches") -gt 1 ]]; then
    echo "app-registration: several app registrations are named '$display_name'; choose one with" >&2
    echo "  azd env set ERCSP_APP_CLIENT_ID <appId>" >&2
    exit 1
  fi
  app_id=$matches
fi
if [[ -z "$app_id" ]]; then
  echo "app-registration: creating '$display_name' (multi-tenant) in tenant $tenant_id"
  app_id=$(az ad app create --display-name "$display_name" --sign-in-audience AzureADMultipleOrgs --query appId -o tsv)
else
  # Customers consent to it in their own tenants: it must stay multi-tenant. No API permissions are requested:
  # what the app may do in a subscription is decided by Azure RBAC (the ExpressRoute CSP Operator role).
  az ad app update --id "$app_id" --sign-in-audience AzureADMultipleOrgs
fi

sp_id=$(az ad sp list --filter "appId eq '$app_id'" --query "[0].id" -o tsv)
if [[ -z "$sp_id" ]]; then
  sp_id=$(az ad sp create --id "$app_id" --query id -o tsv)
fi

azd env set ERCSP_APP_CLIENT_ID "$app_id"
azd env set ERCSP_APP_SERVICE_PRINCIPAL_ID "$sp_id"
echo "app-registration: app $app_id, service principal $sp_id"

if [[ "$phase" == "preprovision" ]]; then exit 0; fi

# The federated credential: the managed identity's token (issued by this tenant, subject = its object id) is
# exchanged for the app's token in any tenant that consented to the app. No secret or certificate exists.
: "${ERCSP_IDENTITY_PRINCIPAL_ID:?app-registration: the provision outputs lack ERCSP_IDENTITY_PRINCIPAL_ID}"
authority=$(az cloud show --query endpoints.activeDirectory -o tsv)
credential_name="managed-identity-$AZURE_ENV_NAME"
parameters=$(mktemp)
trap 'rm -f "$parameters"' EXIT
cat >"$parameters" <<JSON
{
  "name": "$credential_name",
  "issuer": "${authority%/}/$tenant_id/v2.0",
  "subject": "$ERCSP_IDENTITY_PRINCIPAL_ID",
  "description": "Function App of expressroute-csp ($AZURE_ENV_NAME): its user-assigned managed identity",
  "audiences": ["api://AzureADTokenExchange"]
}
JSON
existing=$(az ad app federated-credential list --id "$app_id" --query "[?name=='$credential_name'].id" -o tsv)
if [[ -z "$existing" ]]; then
  az ad app federated-credential create --id "$app_id" --parameters "@$parameters" >/dev/null
  echo "app-registration: federated credential '$credential_name' created"
else
  az ad app federated-credential update --id "$app_id" --federated-credential-id "$existing" \
    --parameters "@$parameters" >/dev/null
  echo "app-registration: federated credential '$credential_name' updated"
fi

cat <<MSG
app-registration: customers grant access by consenting to the app in their tenant (a Global Administrator or
Privileged Role Administrator of the customer opens this link, replacing <customer-tenant-id>):
  ${authority%/}/<customer-tenant-id>/adminconsent?client_id=$app_id
and then assigning it the role with infra/customer/appConsentRole.bicep (see infra/customer/README.md).
MSG
