import { locationInside } from "../../lib/app/plan-region-lock";

describe("locationInside", () => {
  test.each([
    ["eu", "aws", "eu-north-1", true],
    ["eu", "aws", "eu-north-1a", true],
    ["eu", "aws", "eu-west-2", false], // London
    ["eu", "aws", "eu-central-2b", false], // Zurich zone
    ["eu", "aws", "us-east-1", false],
    ["eu", "gcp", "europe-west4", true],
    ["eu", "gcp", "europe-west4-b", true],
    ["eu", "gcp", "EU", true],
    ["eu", "gcp", "US", false],
    ["eu", "gcp", "global", false],
    ["eu", "gcp", "europe-west6-a", false], // Zurich
    ["us", "gcp", "US", true],
    ["us", "aws", "us-west-2d", true],
    ["us", "gcp", "northamerica-northeast1", false],
    ["eu", "gcp", "EUROPE-WEST4", true],
    ["eu", "gcp", "EUR4", true],
    ["eu", "gcp", "EUR8", false], // Frankfurt + Zurich
    ["us", "gcp", "NAM4", true],
  ] as const)("%s %s %s → %s", (jurisdiction, cloud, location, inside) => {
    expect(locationInside(jurisdiction, cloud, location)).toBe(inside);
  });
});
