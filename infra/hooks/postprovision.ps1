# azd postprovision hook (Windows): the same as postprovision.sh. Puts the SendGrid API key and the code-hash
# key into Key Vault from azd environment values (SENDGRID_API_KEY, CODES_HASH_KEY, and the Event Webhook's
# verification key SENDGRID_WEBHOOK_PUBLIC_KEY); generates the hash key
# once when the vault has none and never replaces an existing one unless CODES_HASH_KEY_REPLACE=true.
# Without deployerDataAccess=true the deployer holds no standing Key Vault role: the hook grants the signed-in
# principal Key Vault Secrets Officer on this vault for its own run and removes the assignment at the end. The
# credential signing keys (PKCS#8 PEM on P-256, newest first) are generated once; CREDENTIALS_SIGNING_KEY_ROTATE=true
# puts a new key in front (the old ones stay published).
$ErrorActionPreference = 'Stop'

$vault = $env:AZURE_KEY_VAULT_NAME
$sendGridSecret = if ($env:AZURE_KEY_VAULT_SENDGRID_SECRET) { $env:AZURE_KEY_VAULT_SENDGRID_SECRET } else { 'sendgrid-api-key' }
$webhookSecret = if ($env:AZURE_KEY_VAULT_WEBHOOK_KEY_SECRET) { $env:AZURE_KEY_VAULT_WEBHOOK_KEY_SECRET } else { 'sendgrid-webhook-public-key' }
$signingSecret = if ($env:AZURE_KEY_VAULT_SIGNING_KEYS_SECRET) { $env:AZURE_KEY_VAULT_SIGNING_KEYS_SECRET } else { 'credentials-signing-keys' }
$hashSecret = if ($env:AZURE_KEY_VAULT_HASH_KEY_SECRET) { $env:AZURE_KEY_VAULT_HASH_KEY_SECRET } else { 'codes-hash-key' }

if (-not $vault) {
    Write-Error 'postprovision: AZURE_KEY_VAULT_NAME is not set; did infra/main.bicep provision?'
}

$az = Get-Command az -ErrorAction SilentlyContinue
if (-not $az) {
    Write-Host "postprovision: the Azure CLI is missing, so no secret was written. See docs/deploy.md, 'Secrets'."
    exit 0
}
az account show --output none 2>$null
if ($LASTEXITCODE -ne 0) {
    Write-Host "postprovision: the Azure CLI is not signed in (az login), so no secret was written. See docs/deploy.md, 'Secrets'."
    exit 0
}

$script:changed = $false
$tmp = New-TemporaryFile
$script:grantId = ''
if ($env:AZURE_DEPLOYER_DATA_ACCESS -ne 'true' -and $env:AZURE_DEPLOYER_PRINCIPAL_ID -and $env:AZURE_KEY_VAULT_ID) {
    $type = if ($env:AZURE_DEPLOYER_PRINCIPAL_TYPE) { $env:AZURE_DEPLOYER_PRINCIPAL_TYPE } else { 'User' }
    $id = az role assignment create --assignee-object-id $env:AZURE_DEPLOYER_PRINCIPAL_ID --assignee-principal-type $type --role 'Key Vault Secrets Officer' --scope $env:AZURE_KEY_VAULT_ID --query id --output tsv 2>$null
    if ($LASTEXITCODE -eq 0 -and $id) {
        $script:grantId = ($id -join '').Trim()
        Write-Host "postprovision: granted Key Vault Secrets Officer on $vault for this run only"
    }
    else {
        Write-Warning "postprovision: could not grant Key Vault Secrets Officer for this run; provision with deployerDataAccess=true (azd env set NMO_DEPLOYER_DATA_ACCESS true) or grant it once by hand (docs/deploy.md)"
    }
}

# The value, or '' when the vault has no such secret. Any other failure (the role granted by this provision not
# applied yet) is retried and never read as "absent": that would replace the hash key.
function Get-Current([string] $name) {
    for ($attempt = 1; $attempt -le 8; $attempt++) {
        $output = az keyvault secret show --vault-name $vault --name $name --query value --output tsv 2>&1
        if ($LASTEXITCODE -eq 0) { return ($output -join "`n") }
        if (($output -join "`n") -match 'SecretNotFound') { return '' }
        Write-Host "postprovision: cannot read '$name' yet (attempt $attempt), retrying in 15 s..."
        Start-Sleep -Seconds 15
    }
    Write-Error "postprovision: cannot read '$name' from $vault; check your Key Vault Secrets Officer role and run 'azd provision' again"
}

function Set-Secret([string] $name, [string] $value) {
    [System.IO.File]::WriteAllText($tmp.FullName, $value)
    for ($attempt = 1; $attempt -le 8; $attempt++) {
        az keyvault secret set --vault-name $vault --name $name --file $tmp.FullName --encoding utf-8 --output none 2>$null
        if ($LASTEXITCODE -eq 0) {
            Write-Host "postprovision: wrote secret '$name' to $vault"
            $script:changed = $true
            return
        }
        Write-Host "postprovision: Key Vault refused '$name' (attempt $attempt), retrying in 15 s..."
        Start-Sleep -Seconds 15
    }
    Write-Error "postprovision: could not write '$name' to $vault; check your Key Vault Secrets Officer role and run 'azd provision' again"
}

try {
    if ($env:SENDGRID_API_KEY) {
        if ((Get-Current $sendGridSecret) -ne $env:SENDGRID_API_KEY) { Set-Secret $sendGridSecret $env:SENDGRID_API_KEY }
    }
    elseif (-not (Get-Current $sendGridSecret)) {
        Write-Warning "postprovision: no SendGrid API key yet: 'azd env set SENDGRID_API_KEY <key>' and run 'azd provision', or see docs/deploy.md."
    }

    if ($env:SENDGRID_WEBHOOK_PUBLIC_KEY) {
        if ((Get-Current $webhookSecret) -ne $env:SENDGRID_WEBHOOK_PUBLIC_KEY) { Set-Secret $webhookSecret $env:SENDGRID_WEBHOOK_PUBLIC_KEY }
    }

    $existingHash = Get-Current $hashSecret
    if ($env:CODES_HASH_KEY) {
        if (-not $existingHash) { Set-Secret $hashSecret $env:CODES_HASH_KEY }
        elseif ($existingHash -ne $env:CODES_HASH_KEY) {
            if ($env:CODES_HASH_KEY_REPLACE -eq 'true') { Set-Secret $hashSecret $env:CODES_HASH_KEY }
            else { Write-Warning "postprovision: CODES_HASH_KEY differs from the key in $vault and was NOT written (codes already issued would stop working). Set CODES_HASH_KEY_REPLACE=true to replace it." }
        }
    }
    elseif (-not $existingHash) {
        $bytes = [byte[]]::new(48)
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        Set-Secret $hashSecret ([Convert]::ToBase64String($bytes))
    }

    $existingSigning = Get-Current $signingSecret
    if (-not $existingSigning -or $env:CREDENTIALS_SIGNING_KEY_ROTATE -eq 'true') {
        $ec = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        try { $key = $ec.ExportPkcs8PrivateKeyPem() } finally { $ec.Dispose() }
        if ($existingSigning) {
            Set-Secret $signingSecret ($key + "`n" + $existingSigning)
            Write-Host "postprovision: a new credential signing key signs from now on; the previous ones stay published. Run 'azd env set CREDENTIALS_SIGNING_KEY_ROTATE false' so the next provision does not rotate again."
        }
        else { Set-Secret $signingSecret $key }
    }
}
finally {
    Remove-Item $tmp.FullName -ErrorAction SilentlyContinue
    if ($script:grantId) {
        az role assignment delete --ids $script:grantId --output none 2>$null
        if ($LASTEXITCODE -eq 0) { Write-Host 'postprovision: removed the temporary Key Vault Secrets Officer assignment' }
        else { Write-Warning "postprovision: could NOT remove the temporary role assignment $($script:grantId); remove it: az role assignment delete --ids $($script:grantId)" }
    }
}

if ($script:changed -and $env:AZURE_FUNCTION_APP_NAME -and $env:AZURE_RESOURCE_GROUP) {
    az functionapp restart --name $env:AZURE_FUNCTION_APP_NAME --resource-group $env:AZURE_RESOURCE_GROUP --output none
    Write-Host "postprovision: restarted $($env:AZURE_FUNCTION_APP_NAME)"
}
