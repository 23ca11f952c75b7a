// Expected failures of schedule and sensor operations, with Dagster's error type names (GraphQL maps them
// to union members).
export class ScheduleNotFoundError extends Error {
  override readonly name = 'ScheduleNotFoundError';
  constructor(readonly scheduleName: string) {
    super(`Could not find a schedule named ${JSON.stringify(scheduleName)}.`);
  }
}

export class SensorNotFoundError extends Error {
  override readonly name = 'SensorNotFoundError';
  constructor(readonly sensorName: string) {
    super(`Could not find a sensor named ${JSON.stringify(sensorName)}.`);
  }
}
