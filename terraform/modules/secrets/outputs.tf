output "kms_key_arn" {
  description = "KMS key that encrypts the secrets (also used for DATABASE_URL and REDIS_URL)."
  value       = aws_kms_key.secrets.arn
}

output "secret_arns" {
  description = "ARN of each secret, by key (see var.secrets)."
  value       = { for key, secret in aws_secretsmanager_secret.this : key => secret.arn }
}
