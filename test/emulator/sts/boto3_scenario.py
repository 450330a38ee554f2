"""The accounts-and-regions scenario through boto3, against the emulator.

Run by boto3.test.ts: `python3 boto3_scenario.py <endpoint> <account-a> <account-b>`.
Prints one JSON object of what boto3 saw, for the test to assert on.
"""
import json
import sys

import boto3
from botocore.exceptions import ClientError

endpoint, account_a, account_b = sys.argv[1], sys.argv[2], sys.argv[3]
static = dict(aws_access_key_id="AKIDBOTO3EXAMPLE", aws_secret_access_key="secret")


def sts(**creds):
    return boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", **(creds or static))


def codepipeline(region, **creds):
    return boto3.client("codepipeline", endpoint_url=endpoint, region_name=region, **(creds or static))


def assume(account, role):
    answer = sts().assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="boto3-scenario", ExternalId="ext-1"
    )
    c = answer["Credentials"]
    return dict(
        aws_access_key_id=c["AccessKeyId"],
        aws_secret_access_key=c["SecretAccessKey"],
        aws_session_token=c["SessionToken"],
    )


def names(client):
    return sorted(p["name"] for p in client.list_pipelines()["pipelines"])


out = {"static": sts().get_caller_identity()["Account"]}
creds_a = assume(account_a, "pipeline-gateway-read")
creds_b = assume(account_b, "pipeline-gateway-read")
out["assumedA"] = sts(**creds_a).get_caller_identity()["Arn"]
out["pipelinesA"] = names(codepipeline("us-east-1", **creds_a))
out["pipelinesB"] = names(codepipeline("us-east-1", **creds_b))
out["pipelinesBWest"] = names(codepipeline("eu-west-1", **creds_b))
try:
    assume(account_a, "denied-reader")
    out["denied"] = None
except ClientError as err:
    out["denied"] = {
        "code": err.response["Error"]["Code"],
        "status": err.response["ResponseMetadata"]["HTTPStatusCode"],
    }
print(json.dumps(out))
