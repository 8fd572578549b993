variable "region" {
  description = "Region of the state bucket and lock table."
  type        = string
  default     = "sa-east-1"
}

variable "state_bucket_name" {
  description = "Globally unique name of the Terraform state bucket (the backends' `bucket`)."
  type        = string
  default     = "processo-municipal-tfstate"
}

variable "lock_table_name" {
  description = "DynamoDB table for state locking (the backends' `dynamodb_table`)."
  type        = string
  default     = "processo-municipal-tflock"
}
