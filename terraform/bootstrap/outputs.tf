output "state_bucket" {
  description = "The backends' `bucket`."
  value       = aws_s3_bucket.state.id
}

output "lock_table" {
  description = "The backends' `dynamodb_table`."
  value       = aws_dynamodb_table.lock.name
}

output "kms_key_alias" {
  description = "The backends' `kms_key_id`."
  value       = aws_kms_alias.state.name
}
