import { describe, expect, it } from "vitest";

import { citizenMessages } from "../i18n/citizens";
import { daysUntil } from "./Intimations";

describe("the tacit-date countdown", () => {
  it("counts whole days from today in São Paulo", () => {
    expect(daysUntil("2025-03-19", "2025-03-07")).toBe(12);
    expect(daysUntil("2025-03-07", "2025-03-07")).toBe(0);
    expect(daysUntil("2025-04-01", "2025-03-31")).toBe(1);
  });
  it("says it in words", () => {
    const say = citizenMessages.intimations.daysLeft;
    expect(say(12)).toBe("faltam 12 dias");
    expect(say(1)).toBe("falta 1 dia");
    expect(say(0)).toBe("termina hoje");
  });
});
