terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # State bucket, lock table and key come from terraform/bootstrap (docs/deploy.md).
  backend "s3" {
    bucket         = "processo-municipal-tfstate"
    key            = "staging/terraform.tfstate"
    region         = "sa-east-1"
    dynamodb_table = "processo-municipal-tflock"
    encrypt        = true
    kms_key_id     = "alias/processo-municipal-tfstate"
  }
}
