// A deadlock, a serialization failure, a statement timeout or a lock timeout
// says nothing about the delivery: the writer tries again, and if the error
// persists the sender is told to come back (503), never that it is invalid.
// The errors are real Postgres errors, raised by a trigger for chosen calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query } from "../support/db";
import { fixture, newCallId, postWebhook } from "../support/http";

beforeAll(async () => {
  await query(`create table if not exists test_faults (call_id text primary key, code text not null, times int not null, seq text not null)`);
  await query(`
    create or replace function test_fault() returns trigger language plpgsql as $$
    declare f record;
    begin
      select * into f from test_faults where call_id = new.id;
      -- nextval is not undone by the rollback, so it counts every try.
      if found and nextval(f.seq) <= f.times then
        raise exception 'injected fault %', f.code using errcode = f.code;
      end if;
      return new;
    end $$`);
  await query(`create or replace trigger test_fault before insert or update on calls for each row execute function test_fault()`);
});

afterAll(async () => {
  await query("drop trigger if exists test_fault on calls");
  await query("drop function if exists test_fault()");
  await query("drop table if exists test_faults");
});

async function fault(callId: string, code: string, times: number) {
  const seq = `test_fault_${callId.toLowerCase()}`;
  await query(`create sequence ${seq}`);
  await query("insert into test_faults (call_id, code, times, seq) values ($1, $2, $3, $4)", [callId, code, times, seq]);
}

const CODES = [
  ["deadlock", "40P01"],
  ["serialization failure", "40001"],
  ["statement timeout", "57014"],
  ["lock timeout", "55P03"],
] as const;

describe("transient database errors in the webhook writer", () => {
  it.each(CODES)("a %s (%s) that passes is retried inside the writer and answered 200", async (_, code) => {
    const id = newCallId();
    await fault(id, code, 2);
    const res = await postWebhook({ ...fixture("webhooks/call_completed.seed.json"), request_id: id });
    expect(res.status).toBe(200);
    expect(res.json.outcome).toBe("applied");
    const [call] = await query("select turn_count from calls where id = $1", [id]);
    expect(call.turn_count).toBe(5);
    const deliveries = await query("select outcome from webhook_deliveries where call_id = $1", [id]);
    expect(deliveries).toEqual([{ outcome: "applied" }]);
  });

  it.each(CODES)("a %s (%s) that persists is answered 503 with Retry-After, nothing logged invalid; the resend is stored", async (_, code) => {
    const id = newCallId();
    await fault(id, code, 1_000_000);
    const delivery = { ...fixture("webhooks/call_completed.seed.json"), request_id: id };
    const res = await postWebhook(delivery);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect(res.json.error.code).toBe("unavailable");
    expect(await query("select outcome from webhook_deliveries where call_id = $1", [id])).toEqual([]);
    expect(await query("select 1 from calls where id = $1", [id])).toEqual([]);

    await query("delete from test_faults where call_id = $1", [id]);
    const again = await postWebhook(delivery);
    expect(again.status).toBe(200);
    expect(again.json.outcome).toBe("applied");
    expect((await query("select turn_count from calls where id = $1", [id]))[0].turn_count).toBe(5);
  });
});
