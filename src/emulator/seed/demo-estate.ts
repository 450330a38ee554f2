export { seedDemoEstate, seedDemoFleet } from './demo-fleet';
export { demoEstate, DEMO_SECOND_ACCOUNT, DEMO_SECOND_REGION, type DemoWorld } from './estate-declarations';
